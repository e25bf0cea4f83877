import type { DecodedEntry } from './decoded-entry.js';

/**
 * Turns the bytes of one log file (or stream) into entries, in order. Every entry says
 * where the input after it starts, so a reader can checkpoint after any entry.
 */
export interface LogDecoder {
  push(chunk: Buffer): DecodedEntry[];
  /**
   * `push`, handing each entry to `sink` as soon as it is complete instead of collecting the
   * chunk's entries first (a large chunk's entries would otherwise all be alive at once).
   */
  pushEach(chunk: Buffer, sink: (entry: DecodedEntry) => void): void;
  /** The input paused (follow mode, no growth for a poll): emit a record that only waited for a possible continuation. */
  flushPending(): DecodedEntry[];
  /** No more input (end of a one-shot read, rotation, truncation): emit everything, incomplete records as malformed. */
  end(): DecodedEntry[];
}
