import type { DeadLetter, QuerySignature } from '@shadowtune/shared/contracts/generated-types';

/**
 * Where the pipeline's output goes: the bus in the service, JSON lines with --print, an
 * Avro encoder in the benchmark. A returned promise is awaited before a batch counts as
 * published (and before a file checkpoint moves past it).
 */
export interface CapturePublisher {
  publish(record: QuerySignature): void | Promise<void>;
  deadLetter(record: DeadLetter): void | Promise<void>;
  /** Makes what was published so far visible/durable (e.g. writes buffered lines); called once per batch. */
  flush?(): void | Promise<void>;
}
