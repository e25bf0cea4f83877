import { Readable } from 'node:stream';
import type { TableGenerator } from './table-generator.js';

export interface RowStreamOptions {
  /** Bytes per chunk pushed to the stream (each chunk is one COPY data message). */
  readonly chunkBytes?: number;
  /** Called after each chunk with the number of rows it held. */
  readonly onRows?: (rows: number) => void;
}

/**
 * Rows [from, to) of a table as a stream of COPY text chunks, generated as the consumer
 * reads (backpressure): memory stays at a few chunks whatever the table's size. `rows`
 * may instead list the row indexes to generate (redraws). Lines are encoded straight into
 * preallocated buffers of `chunkBytes` (64 KiB): building large strings and converting them
 * afterwards measured markedly slower (rope flattening and old-space garbage).
 */
export function createRowStream(generator: TableGenerator, range: { readonly from: number; readonly to: number } | { readonly rows: readonly number[] }, options: RowStreamOptions = {}): Readable {
  const chunkBytes = Math.max(1024, options.chunkBytes ?? 1 << 16);
  const list = 'rows' in range ? range.rows : null;
  let next = list === null ? (range as { from: number }).from : 0;
  const end = list === null ? (range as { to: number }).to : list.length;
  return new Readable({
    highWaterMark: 1 << 20,
    read() {
      for (;;) {
        if (next >= end) {
          this.push(null);
          return;
        }
        let buffer = Buffer.allocUnsafe(chunkBytes);
        let used = 0;
        let rows = 0;
        while (next < end && used < chunkBytes - 1024) {
          const line = generator.line(list === null ? next : (list[next] as number));
          // A UTF-16 unit takes at most 3 UTF-8 bytes.
          if (line.length * 3 > buffer.length - used) {
            if (used > 0) break;
            buffer = Buffer.allocUnsafe(line.length * 3);
          }
          used += buffer.write(line, used);
          next += 1;
          rows += 1;
        }
        options.onRows?.(rows);
        if (!this.push(buffer.subarray(0, used))) return;
      }
    },
  });
}
