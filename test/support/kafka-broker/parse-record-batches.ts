/** Fixed RecordBatch v2 header: everything up to and including recordsCount. */
export const RECORD_BATCH_HEADER_BYTES = 61;

export interface RecordBatch {
  /** The whole batch, owned (copied out of the request) because bytes 0–7 get rewritten on append. */
  buf: Buffer;
  lastOffsetDelta: number;
  maxTimestamp: bigint;
}

/**
 * Splits a produced record set into its RecordBatch v2 batches, reading only the header
 * fields the log needs; records stay opaque so compressed batches are stored as sent.
 * Returns null for anything that is not a well-formed sequence of magic-2 batches.
 */
export function parseRecordBatches(recordSet: Buffer): RecordBatch[] | null {
  const batches: RecordBatch[] = [];
  let at = 0;
  while (at < recordSet.length) {
    if (recordSet.length - at < RECORD_BATCH_HEADER_BYTES) return null;
    const total = 12 + recordSet.readInt32BE(at + 8);
    if (total < RECORD_BATCH_HEADER_BYTES || at + total > recordSet.length) return null;
    if (recordSet.readInt8(at + 16) !== 2) return null;
    const lastOffsetDelta = recordSet.readInt32BE(at + 23);
    if (lastOffsetDelta < 0) return null;
    batches.push({
      buf: Buffer.from(recordSet.subarray(at, at + total)),
      lastOffsetDelta,
      maxTimestamp: recordSet.readBigInt64BE(at + 35),
    });
    at += total;
  }
  return batches.length > 0 ? batches : null;
}
