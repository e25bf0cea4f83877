import type { DeadLetter, QuerySignature } from '@shadowtune/shared/contracts/generated-types';
import type { CapturePublisher } from './capture-publisher.js';

/** Where JSON lines go: process.stdout and process.stderr, or any writable stream. */
export interface LineSink {
  write(text: string, callback: (error?: Error | null) => void): boolean;
}

function writeAll(sink: LineSink, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    sink.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * `--print`: each published signature as one JSON line on `records`, each dead letter as
 * `{"deadLetter": …}` on `deadLetters`. Lines are buffered and written once per batch, so a
 * batch reaches the output in one write just before its checkpoint is committed.
 */
export class JsonLinesPublisher implements CapturePublisher {
  private records: string[] = [];
  private deadLetters: string[] = [];

  constructor(
    private readonly recordSink: LineSink,
    private readonly deadLetterSink: LineSink,
  ) {}

  publish(record: QuerySignature): void {
    this.records.push(JSON.stringify(record));
  }

  deadLetter(record: DeadLetter): void {
    this.deadLetters.push(JSON.stringify({ deadLetter: record }));
  }

  async flush(): Promise<void> {
    const records = this.records;
    const deadLetters = this.deadLetters;
    this.records = [];
    this.deadLetters = [];
    if (deadLetters.length > 0) await writeAll(this.deadLetterSink, `${deadLetters.join('\n')}\n`);
    if (records.length > 0) await writeAll(this.recordSink, `${records.join('\n')}\n`);
  }
}
