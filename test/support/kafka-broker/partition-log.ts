import { closeSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { findRecordByTimestamp } from './find-record-by-timestamp.js';
import { RECORD_BATCH_HEADER_BYTES, type RecordBatch } from './parse-record-batches.js';

interface StoredBatch {
  base: bigint;
  last: bigint;
  maxTimestamp: bigint;
  buf: Buffer;
}

const DEFAULT_SEGMENT_BYTES = 8 * 1024 * 1024;

function segmentName(baseOffset: bigint): string {
  return `${baseOffset.toString().padStart(20, '0')}.log`;
}

/**
 * One partition's log: batches stored byte-for-byte as produced except for the base offset,
 * kept in memory for reads and, when a directory is given, appended to Kafka-style segment
 * files (`<base offset>.log`, rolled at `segmentBytes`) so the log survives a restart.
 */
export class PartitionLog {
  private readonly batches: StoredBatch[] = [];
  private leo = 0n;
  private fd: number | null = null;
  private segmentSize = 0;

  readonly logStartOffset = 0n;

  constructor(
    private readonly dir: string | null,
    private readonly segmentBytes = DEFAULT_SEGMENT_BYTES,
  ) {
    if (dir !== null) this.recover(dir);
  }

  get logEndOffset(): bigint {
    return this.leo;
  }

  /** Appends batches in order and returns the offset assigned to the first record. */
  append(batches: readonly RecordBatch[]): bigint {
    const first = this.leo;
    for (const batch of batches) {
      // Only bytes 0–7 change: the CRC covers attributes onwards, so it stays valid.
      batch.buf.writeBigInt64BE(this.leo, 0);
      const stored: StoredBatch = {
        base: this.leo,
        last: this.leo + BigInt(batch.lastOffsetDelta),
        maxTimestamp: batch.maxTimestamp,
        buf: batch.buf,
      };
      this.persist(stored);
      this.batches.push(stored);
      this.leo = stored.last + 1n;
    }
    return first;
  }

  /**
   * Whole batches from the one holding `fetchOffset`, within `maxBytes` — except that with
   * `alwaysFirst` the first batch is returned even if larger, so a consumer never stalls on a
   * batch bigger than its limits (KIP-74).
   */
  read(fetchOffset: bigint, maxBytes: number, alwaysFirst: boolean): Buffer[] {
    const out: Buffer[] = [];
    let used = 0;
    for (let i = this.indexOf(fetchOffset); i < this.batches.length; i++) {
      const buf = this.batches[i]!.buf;
      if (used + buf.length > maxBytes && !(alwaysFirst && out.length === 0)) break;
      out.push(buf);
      used += buf.length;
    }
    return out;
  }

  findByTimestamp(timestamp: bigint): { offset: bigint; timestamp: bigint } | null {
    for (const batch of this.batches) {
      if (batch.maxTimestamp < timestamp) continue;
      const found = findRecordByTimestamp(batch.buf, timestamp);
      if (found) return found;
    }
    return null;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  /** First batch whose last offset is >= `offset` (binary search; batches are contiguous). */
  private indexOf(offset: bigint): number {
    let lo = 0;
    let hi = this.batches.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.batches[mid]!.last < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private persist(batch: StoredBatch): void {
    if (this.dir === null) return;
    if (this.fd === null || this.segmentSize >= this.segmentBytes) {
      this.close();
      this.fd = openSync(join(this.dir, segmentName(batch.base)), 'a');
      this.segmentSize = 0;
    }
    // Synchronous so the produce response is only sent once the bytes are in the OS's hands.
    writeSync(this.fd, batch.buf);
    this.segmentSize += batch.buf.length;
  }

  private recover(dir: string): void {
    mkdirSync(dir, { recursive: true });
    const segments = readdirSync(dir).filter((f) => /^\d{20}\.log$/.test(f)).sort();
    for (const [index, name] of segments.entries()) {
      const path = join(dir, name);
      const data = readFileSync(path);
      let at = 0;
      while (data.length - at >= RECORD_BATCH_HEADER_BYTES) {
        const total = 12 + data.readInt32BE(at + 8);
        if (total < RECORD_BATCH_HEADER_BYTES || at + total > data.length) break;
        const buf = Buffer.from(data.subarray(at, at + total));
        const base = buf.readBigInt64BE(0);
        const last = base + BigInt(buf.readInt32BE(23));
        this.batches.push({ base, last, maxTimestamp: buf.readBigInt64BE(35), buf });
        this.leo = last + 1n;
        at += total;
      }
      if (index === segments.length - 1) {
        // A batch cut short by a crash mid-write is dropped, as Kafka's log recovery does.
        this.fd = openSync(path, 'r+');
        if (at < data.length) ftruncateSync(this.fd, at);
        closeSync(this.fd);
        this.fd = openSync(path, 'a');
        this.segmentSize = at;
      }
    }
  }
}
