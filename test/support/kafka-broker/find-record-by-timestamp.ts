import { gunzipSync } from 'node:zlib';
import { RECORD_BATCH_HEADER_BYTES } from './parse-record-batches.js';

const CODEC_NONE = 0;
const CODEC_GZIP = 1;

/** Zigzag varint as used inside records; Number arithmetic so 64-bit varlongs stay exact up to 2^53. */
function readVarint(buf: Buffer, state: { at: number }): number {
  let raw = 0;
  let scale = 1;
  for (;;) {
    if (state.at >= buf.length) throw new RangeError('varint past end of records');
    const byte = buf[state.at++]!;
    raw += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) break;
    scale *= 128;
  }
  return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
}

/**
 * The first record of a stored batch whose timestamp is >= `target`, as ListOffsets returns it.
 * Walks the records for uncompressed and gzip batches (the codecs kafkajs ships with); for
 * other codecs, falls back to the batch's base offset and max timestamp, which is what a
 * broker without that codec could honestly say.
 */
export function findRecordByTimestamp(batch: Buffer, target: bigint): { offset: bigint; timestamp: bigint } | null {
  const baseOffset = batch.readBigInt64BE(0);
  const maxTimestamp = batch.readBigInt64BE(35);
  if (maxTimestamp < target) return null;
  const codec = batch.readInt16BE(21) & 0x07;
  const firstTimestamp = batch.readBigInt64BE(27);
  const count = batch.readInt32BE(57);
  let records: Buffer;
  try {
    if (codec === CODEC_NONE) records = batch.subarray(RECORD_BATCH_HEADER_BYTES);
    else if (codec === CODEC_GZIP) records = gunzipSync(batch.subarray(RECORD_BATCH_HEADER_BYTES));
    else return { offset: baseOffset, timestamp: maxTimestamp };
    const state = { at: 0 };
    for (let i = 0; i < count; i++) {
      const length = readVarint(records, state);
      const start = state.at;
      state.at += 1; // record attributes, unused
      const timestampDelta = readVarint(records, state);
      const offsetDelta = readVarint(records, state);
      const timestamp = firstTimestamp + BigInt(timestampDelta);
      if (timestamp >= target) return { offset: baseOffset + BigInt(offsetDelta), timestamp };
      state.at = start + length;
    }
  } catch {
    // A batch we cannot walk still answers at batch granularity rather than failing the request.
  }
  return { offset: baseOffset, timestamp: maxTimestamp };
}
