import { Counter, type Registry } from 'prom-client';

/** The input a count belongs to: a fixed label value, never data. */
export type CaptureInput = 'stderr' | 'csvlog' | 'jsonlog' | 'http' | 'kafka_raw' | 'pg_stat_statements';

type Child = { inc(value?: number): void };

function cached<L extends string>(counter: Counter<L>): (labels: Record<L, string>) => Child {
  const children = new Map<string, Child>();
  return (labels) => {
    const key = Object.values(labels).join('\u0000');
    let child = children.get(key);
    if (child === undefined) {
      child = counter.labels(labels as Partial<Record<L, string | number>>);
      children.set(key, child);
    }
    return child;
  };
}

/**
 * Counters of the capture pipeline. Every label value comes from a closed set (input
 * names, reason codes, flags), so no statement text or value can reach a label.
 */
export class CaptureMetrics {
  private readonly entriesChild;
  private readonly skippedChild;
  private readonly statementsChild;
  private readonly flagsChild;
  private readonly deadLettersChild;
  private readonly fileEventsChild;
  private readonly rejectedTags: Counter<string>;
  private readonly rejectedRequestsChild;

  constructor(registry: Registry) {
    const registers = [registry];
    this.entriesChild = cached(new Counter({ name: 'shadowtune_capture_entries_total', help: 'Log entries read, by input and outcome (record or malformed)', labelNames: ['input', 'outcome'] as const, registers }));
    this.skippedChild = cached(new Counter({ name: 'shadowtune_capture_skipped_total', help: 'Log records that carry no statement, by reason', labelNames: ['input', 'reason'] as const, registers }));
    this.statementsChild = cached(new Counter({ name: 'shadowtune_capture_statements_total', help: 'Statements observed, by input and outcome (published or sampled_out)', labelNames: ['input', 'outcome'] as const, registers }));
    this.flagsChild = cached(new Counter({ name: 'shadowtune_capture_flags_total', help: 'Quality flags set on published signatures', labelNames: ['flag'] as const, registers }));
    this.deadLettersChild = cached(new Counter({ name: 'shadowtune_capture_dead_letters_total', help: 'Input dead-lettered, by input and error code', labelNames: ['input', 'code'] as const, registers }));
    this.fileEventsChild = cached(new Counter({ name: 'shadowtune_capture_file_events_total', help: 'Followed-file events (rotation, truncation, checkpoint_file_gone)', labelNames: ['event'] as const, registers }));
    this.rejectedRequestsChild = cached(new Counter({ name: 'shadowtune_capture_http_rejected_total', help: 'Log-shipper requests refused, by HTTP status', labelNames: ['status'] as const, registers }));
    this.rejectedTags = new Counter({ name: 'shadowtune_capture_rejected_comment_tags_total', help: 'sqlcommenter pairs dropped (key not allowed or value failed the shape check)', registers });
  }

  entry(input: CaptureInput, outcome: 'record' | 'malformed'): void {
    this.entriesChild({ input, outcome }).inc();
  }

  skipped(input: CaptureInput, reason: string): void {
    this.skippedChild({ input, reason }).inc();
  }

  statement(input: CaptureInput, outcome: 'published' | 'sampled_out'): void {
    this.statementsChild({ input, outcome }).inc();
  }

  flag(flag: string): void {
    this.flagsChild({ flag }).inc();
  }

  deadLetter(input: CaptureInput, code: string): void {
    this.deadLettersChild({ input, code }).inc();
  }

  fileEvent(event: 'rotation' | 'truncation' | 'checkpoint_file_gone'): void {
    this.fileEventsChild({ event }).inc();
  }

  rejectedRequest(status: number): void {
    this.rejectedRequestsChild({ status: String(status) }).inc();
  }

  rejectedCommentTags(count: number): void {
    if (count > 0) this.rejectedTags.inc(count);
  }
}
