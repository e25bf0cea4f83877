import { compileLogLinePrefix } from './compile-log-line-prefix.js';
import { CsvLogDecoder } from './csv-log-decoder.js';
import { JsonLogDecoder } from './json-log-decoder.js';
import type { LogDecoder } from './log-decoder.js';
import { StderrLogDecoder } from './stderr-log-decoder.js';

export type LogFormat = 'stderr' | 'csvlog' | 'jsonlog';

export interface LogDecoderStart {
  readonly format: LogFormat;
  /** log_line_prefix (stderr only). */
  readonly prefix: string;
  readonly identity: string;
  readonly startOffset: number;
  readonly startLine: number;
}

/** A decoder for one log format, starting at a given byte offset and line number. */
export function createLogDecoder(start: LogDecoderStart): LogDecoder {
  const position = { identity: start.identity, startOffset: start.startOffset, startLine: start.startLine };
  switch (start.format) {
    case 'stderr':
      return new StderrLogDecoder({ ...position, prefix: compileLogLinePrefix(start.prefix) });
    case 'csvlog':
      return new CsvLogDecoder(position);
    case 'jsonlog':
      return new JsonLogDecoder(position);
  }
}
