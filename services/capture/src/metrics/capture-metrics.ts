import { Counter, type Registry } from 'prom-client';

/** The input a count belongs to: a fixed label value, never data. */
export type CaptureInput = 'stderr' | 'csvlog' | 'jsonlog' | 'http' | 'kafka_raw' | 'pg_stat_statements';

/**
 * A counter with up to two labels, counted in plain numbers in nested maps (the pipeline
 * increments several per log line; prom-client's label lookup costs more than the rest of
 * the line) and handed to prom-client when /metrics is scraped.
 */
class FastCounter {
  private readonly counts = new Map<string, Map<string, number>>();
  // The label pair counted last and its pending increments: most calls repeat the previous pair.
  private lastFirst: string | null = null;
  private lastSecond = '';
  private pending = 0;

  constructor(name: string, help: string, labelNames: readonly string[], registry: Registry) {
    const counts = this.counts;
    const flushPending = (): void => this.flush();
    new Counter({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        flushPending();
        for (const [first, inner] of counts) {
          for (const [second, value] of inner) {
            const labels: Record<string, string> = {};
            if (labelNames[0] !== undefined) labels[labelNames[0]] = first;
            if (labelNames[1] !== undefined) labels[labelNames[1]] = second;
            this.inc(labels, value);
          }
        }
      },
    });
  }

  inc(first = '', second = '', value = 1): void {
    if (first !== this.lastFirst || second !== this.lastSecond) {
      this.flush();
      this.lastFirst = first;
      this.lastSecond = second;
    }
    this.pending += value;
  }

  /** Moves the pending increments of the last label pair into the maps. */
  private flush(): void {
    const first = this.lastFirst;
    if (first === null || this.pending === 0) return;
    let inner = this.counts.get(first);
    if (inner === undefined) {
      inner = new Map();
      this.counts.set(first, inner);
    }
    inner.set(this.lastSecond, (inner.get(this.lastSecond) ?? 0) + this.pending);
    this.pending = 0;
  }
}

/**
 * Counters of the capture pipeline. Every label value comes from a closed set (input
 * names, reason codes, flags), so no statement text or value can reach a label.
 */
export class CaptureMetrics {
  private readonly entries;
  private readonly skips;
  private readonly statements;
  private readonly flags;
  private readonly deadLetters;
  private readonly fileEvents;
  private readonly rejectedRequests;
  private readonly rejectedTags;

  constructor(registry: Registry) {
    this.entries = new FastCounter('shadowtune_capture_entries_total', 'Log entries read, by input and outcome (record or malformed)', ['input', 'outcome'], registry);
    this.skips = new FastCounter('shadowtune_capture_skipped_total', 'Log records that carry no statement, by reason', ['input', 'reason'], registry);
    this.statements = new FastCounter('shadowtune_capture_statements_total', 'Statements observed, by input and outcome (published or sampled_out)', ['input', 'outcome'], registry);
    this.flags = new FastCounter('shadowtune_capture_flags_total', 'Quality flags set on published signatures', ['flag'], registry);
    this.deadLetters = new FastCounter('shadowtune_capture_dead_letters_total', 'Input dead-lettered, by input and error code', ['input', 'code'], registry);
    this.fileEvents = new FastCounter('shadowtune_capture_file_events_total', 'Followed-file events (rotation, truncation, checkpoint_file_gone)', ['event'], registry);
    this.rejectedRequests = new FastCounter('shadowtune_capture_http_rejected_total', 'Log-shipper requests refused, by HTTP status', ['status'], registry);
    this.rejectedTags = new FastCounter('shadowtune_capture_rejected_comment_tags_total', 'sqlcommenter pairs dropped (key not allowed or value failed the shape check)', [], registry);
  }

  entry(input: CaptureInput, outcome: 'record' | 'malformed'): void {
    this.entries.inc(input, outcome);
  }

  skipped(input: CaptureInput, reason: string): void {
    this.skips.inc(input, reason);
  }

  statement(input: CaptureInput, outcome: 'published' | 'sampled_out'): void {
    this.statements.inc(input, outcome);
  }

  flag(flag: string): void {
    this.flags.inc(flag);
  }

  deadLetter(input: CaptureInput, code: string): void {
    this.deadLetters.inc(input, code);
  }

  fileEvent(event: 'rotation' | 'truncation' | 'checkpoint_file_gone'): void {
    this.fileEvents.inc(event);
  }

  rejectedRequest(status: number): void {
    this.rejectedRequests.inc(String(status));
  }

  rejectedCommentTags(count: number): void {
    if (count > 0) this.rejectedTags.inc('', '', count);
  }
}
