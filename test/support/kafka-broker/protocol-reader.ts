import { MalformedRequestError } from './malformed-request-error.js';

/**
 * Cursor over one request body. Every read is bounds-checked so that a truncated or
 * garbage frame surfaces as a MalformedRequestError instead of a RangeError deep in
 * Buffer, or worse, a huge allocation from a corrupt length prefix.
 */
export class ProtocolReader {
  private offset = 0;

  constructor(private readonly buf: Buffer) {}

  get remaining(): number {
    return this.buf.length - this.offset;
  }

  private take(n: number, what: string): number {
    if (n < 0 || this.offset + n > this.buf.length) {
      throw new MalformedRequestError(`truncated request reading ${what} (${n} bytes at ${this.offset}/${this.buf.length})`);
    }
    const at = this.offset;
    this.offset += n;
    return at;
  }

  int8(): number {
    return this.buf.readInt8(this.take(1, 'INT8'));
  }

  int16(): number {
    return this.buf.readInt16BE(this.take(2, 'INT16'));
  }

  int32(): number {
    return this.buf.readInt32BE(this.take(4, 'INT32'));
  }

  int64(): bigint {
    return this.buf.readBigInt64BE(this.take(8, 'INT64'));
  }

  boolean(): boolean {
    return this.int8() !== 0;
  }

  nullableString(): string | null {
    const len = this.int16();
    if (len === -1) return null;
    if (len < -1) throw new MalformedRequestError(`invalid string length ${len}`);
    const at = this.take(len, 'STRING');
    return this.buf.toString('utf8', at, at + len);
  }

  string(): string {
    const s = this.nullableString();
    if (s === null) throw new MalformedRequestError('null where a non-null STRING is required');
    return s;
  }

  nullableBytes(): Buffer | null {
    const len = this.int32();
    if (len === -1) return null;
    if (len < -1) throw new MalformedRequestError(`invalid bytes length ${len}`);
    const at = this.take(len, 'BYTES');
    return this.buf.subarray(at, at + len);
  }

  bytes(): Buffer {
    return this.nullableBytes() ?? Buffer.alloc(0);
  }

  /** A null array (-1) reads as null; callers decide whether that means "all". */
  nullableArray<T>(readItem: (r: ProtocolReader) => T): T[] | null {
    const count = this.int32();
    if (count === -1) return null;
    // Each element takes at least one byte, so a count beyond the remaining bytes is garbage.
    if (count < -1 || count > this.remaining) throw new MalformedRequestError(`invalid array length ${count}`);
    const items: T[] = [];
    for (let i = 0; i < count; i++) items.push(readItem(this));
    return items;
  }

  array<T>(readItem: (r: ProtocolReader) => T): T[] {
    return this.nullableArray(readItem) ?? [];
  }
}
