import { MalformedRequestError } from './malformed-request-error.js';

/** Same ceiling as Kafka's socket.request.max.bytes default. */
const MAX_FRAME_BYTES = 100 * 1024 * 1024;
/** api_key + api_version + correlation_id + client_id length: anything shorter is not a request. */
const MIN_FRAME_BYTES = 10;

/**
 * Splits a TCP byte stream into size-prefixed frames. Rejects impossible sizes up front so a
 * garbage prefix cannot make us buffer gigabytes waiting for a body that never comes.
 */
export class FrameDecoder {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  push(chunk: Buffer): Buffer[] {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    const frames: Buffer[] = [];
    while (this.pendingBytes >= 4) {
      const size = this.peekSize();
      if (size < MIN_FRAME_BYTES || size > MAX_FRAME_BYTES) {
        throw new MalformedRequestError(`invalid frame size ${size}`);
      }
      // Joining only once the whole frame is here keeps large frames from being copied per chunk.
      if (this.pendingBytes < 4 + size) break;
      const all = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
      frames.push(all.subarray(4, 4 + size));
      const rest = all.subarray(4 + size);
      this.pending = rest.length > 0 ? [rest] : [];
      this.pendingBytes = rest.length;
    }
    return frames;
  }

  private peekSize(): number {
    const first = this.pending[0]!;
    if (first.length >= 4) return first.readInt32BE(0);
    const joined = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [joined];
    return joined.readInt32BE(0);
  }

  /** Bytes received that do not yet form a whole frame (a truncated frame if the peer hung up). */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }
}
