import { isUtf8 } from 'node:buffer';

/** One complete line: text without its line break, the byte range it covered, its 1-based number. */
export interface SplitLine {
  readonly text: string;
  readonly startOffset: number;
  /** Offset just after the line break. */
  readonly endOffset: number;
  readonly lineNumber: number;
  readonly invalidUtf8: boolean;
}

/**
 * Splits a byte stream into lines, keeping byte offsets exact (for checkpoints) and
 * decoding each line as UTF-8; a line with invalid bytes is decoded with replacement
 * characters and marked. A partial last line is kept until its break arrives or `end()`.
 */
export class LineSplitter {
  private rest: Buffer = Buffer.alloc(0);
  private restOffset: number;
  private nextLineNumber: number;

  constructor(startOffset: number, startLine: number) {
    this.restOffset = startOffset;
    this.nextLineNumber = startLine;
  }

  /** Offset of the first byte not yet returned as part of a line. */
  get pendingOffset(): number {
    return this.restOffset;
  }

  get pendingLine(): number {
    return this.nextLineNumber;
  }

  get pendingBytes(): number {
    return this.rest.length;
  }

  push(chunk: Buffer): SplitLine[] {
    const lines: SplitLine[] = [];
    this.pushEach(chunk, (line) => lines.push(line));
    return lines;
  }

  /**
   * Hands each complete line to `sink` as it is cut: a chunk of thousands of lines is
   * never held as lines at once (what is held survives young-generation collections and
   * makes every one of them copy it).
   */
  pushEach(chunk: Buffer, sink: (line: SplitLine) => void): void {
    const buffer = this.rest.length === 0 ? chunk : Buffer.concat([this.rest, chunk]);
    const lastBreak = buffer.lastIndexOf(10);
    if (lastBreak < 0) {
      this.rest = buffer === chunk ? Buffer.from(chunk) : buffer;
      return;
    }
    // Copy: the caller may reuse the chunk's memory for its next read.
    this.rest = Buffer.from(buffer.subarray(lastBreak + 1));
    this.split(buffer, lastBreak + 1, sink);
  }

  /** Returns the partial last line (the input ended without a line break). */
  end(): SplitLine[] {
    if (this.rest.length === 0) return [];
    const buffer = this.rest;
    this.rest = Buffer.alloc(0);
    const invalid = !isUtf8(buffer);
    const line: SplitLine = {
      text: stripCarriageReturn(buffer.toString('utf8')),
      startOffset: this.restOffset,
      endOffset: this.restOffset + buffer.length,
      lineNumber: this.nextLineNumber,
      invalidUtf8: invalid,
    };
    this.restOffset += buffer.length;
    this.nextLineNumber += 1;
    return [line];
  }

  private split(buffer: Buffer, length: number, sink: (line: SplitLine) => void): void {
    const allValid = isUtf8(buffer.subarray(0, length));
    const baseOffset = this.restOffset;
    this.restOffset += length;
    let start = 0;
    while (start < length) {
      const end = buffer.indexOf(10, start);
      const invalid = allValid ? false : !isUtf8(buffer.subarray(start, end));
      const lineNumber = this.nextLineNumber;
      this.nextLineNumber += 1;
      sink({
        text: stripCarriageReturn(buffer.toString('utf8', start, end)),
        startOffset: baseOffset + start,
        endOffset: baseOffset + end + 1,
        lineNumber,
        invalidUtf8: invalid,
      });
      start = end + 1;
    }
  }
}

function stripCarriageReturn(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}
