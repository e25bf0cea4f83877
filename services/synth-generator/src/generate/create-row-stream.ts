import { Readable } from 'node:stream';
import type { TableGenerator } from './table-generator.js';

export interface RowStreamOptions {
  /** Rows generated per chunk pushed to the stream. */
  readonly rowsPerChunk?: number;
  /** Called after each chunk with the number of rows it held. */
  readonly onRows?: (rows: number) => void;
}

/**
 * Rows [from, to) of a table as a stream of COPY text chunks, generated as the consumer
 * reads (backpressure): memory stays at a few chunks whatever the table's size.
 * `rows` may instead list the row indexes to generate (redraws).
 */
export function createRowStream(generator: TableGenerator, range: { readonly from: number; readonly to: number } | { readonly rows: readonly number[] }, options: RowStreamOptions = {}): Readable {
  const perChunk = Math.max(1, options.rowsPerChunk ?? 2_000);
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
        const stop = Math.min(end, next + perChunk);
        let chunk = '';
        if (list === null) for (let row = next; row < stop; row += 1) chunk += generator.line(row);
        else for (let i = next; i < stop; i += 1) chunk += generator.line(list[i] as number);
        const count = stop - next;
        next = stop;
        options.onRows?.(count);
        if (!this.push(chunk, 'utf8')) return;
      }
    },
  });
}
