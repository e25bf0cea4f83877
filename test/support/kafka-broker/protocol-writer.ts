/**
 * Growable big-endian encoder for response bodies. Chunks are collected and joined once
 * so large Fetch responses (many stored batches) are not copied repeatedly.
 */
export class ProtocolWriter {
  private readonly chunks: Buffer[] = [];
  private size = 0;

  private push(chunk: Buffer): this {
    this.chunks.push(chunk);
    this.size += chunk.length;
    return this;
  }

  private fixed(n: number, write: (b: Buffer) => void): this {
    const b = Buffer.allocUnsafe(n);
    write(b);
    return this.push(b);
  }

  get length(): number {
    return this.size;
  }

  int8(v: number): this {
    return this.fixed(1, (b) => b.writeInt8(v, 0));
  }

  int16(v: number): this {
    return this.fixed(2, (b) => b.writeInt16BE(v, 0));
  }

  int32(v: number): this {
    return this.fixed(4, (b) => b.writeInt32BE(v, 0));
  }

  int64(v: bigint): this {
    return this.fixed(8, (b) => b.writeBigInt64BE(v, 0));
  }

  boolean(v: boolean): this {
    return this.int8(v ? 1 : 0);
  }

  string(v: string | null): this {
    if (v === null) return this.int16(-1);
    const encoded = Buffer.from(v, 'utf8');
    return this.int16(encoded.length).push(encoded);
  }

  bytes(v: Buffer | null): this {
    if (v === null) return this.int32(-1);
    return this.int32(v.length).push(v);
  }

  /** Writes an INT32 length then the chunks as they are, without joining them first. */
  bytesFromChunks(parts: readonly Buffer[]): this {
    let total = 0;
    for (const p of parts) total += p.length;
    this.int32(total);
    for (const p of parts) this.push(p);
    return this;
  }

  array<T>(items: readonly T[] | null, writeItem: (w: ProtocolWriter, item: T) => void): this {
    if (items === null) return this.int32(-1);
    this.int32(items.length);
    for (const item of items) writeItem(this, item);
    return this;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }
}
