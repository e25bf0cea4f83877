import type { Socket } from 'node:net';
import { ApiKey } from './api-key.js';
import type { BrokerContext } from './broker-context.js';
import { FrameDecoder } from './frame-decoder.js';
import { handleApiVersions } from './handle-api-versions.js';
import { MalformedRequestError } from './malformed-request-error.js';
import { ProtocolReader } from './protocol-reader.js';
import { requestHandlers } from './request-handlers.js';

export type BrokerLogger = (message: string) => void;

/**
 * Reads frames from one client connection and answers them strictly in order, as Kafka does
 * per connection (kafkajs never pipelines behind its own JoinGroup, SyncGroup or long-poll
 * Fetch on the same connection, so parking those blocks nobody). Anything malformed or
 * unsupported closes this connection only; nothing a client sends may throw out of here.
 */
export function serveConnection(socket: Socket, broker: BrokerContext, log: BrokerLogger): void {
  const decoder = new FrameDecoder();
  const clientHost = socket.remoteAddress ?? '';
  let closed = false;
  let queue: Promise<void> = Promise.resolve();

  const drop = (reason: unknown): void => {
    if (closed) return;
    closed = true;
    const detail = reason instanceof MalformedRequestError ? reason.message : String(reason instanceof Error ? (reason.stack ?? reason) : reason);
    log(`closing connection from ${clientHost}:${socket.remotePort}: ${detail}`);
    socket.destroy();
  };

  const handleFrame = async (frame: Buffer): Promise<void> => {
    if (closed) return;
    const r = new ProtocolReader(frame);
    const apiKey = r.int16();
    const apiVersion = r.int16();
    const correlationId = r.int32();
    const clientId = r.nullableString();
    let body: Buffer | null;
    const entry = requestHandlers.get(apiKey);
    if (apiKey === ApiKey.ApiVersions && apiVersion > (entry?.maxVersion ?? 0)) {
      // The one case Kafka answers instead of closing: tells the client which versions to use.
      body = handleApiVersions(apiVersion, [...requestHandlers.values()]);
    } else if (!entry || apiVersion < entry.minVersion || apiVersion > entry.maxVersion) {
      throw new MalformedRequestError(`unsupported api ${apiKey} v${apiVersion}`);
    } else {
      body = await entry.handle(r, { broker, apiVersion, clientId, clientHost });
    }
    if (body === null || closed || socket.destroyed) return;
    const header = Buffer.allocUnsafe(8);
    header.writeInt32BE(4 + body.length, 0);
    header.writeInt32BE(correlationId, 4);
    socket.write(Buffer.concat([header, body]));
  };

  socket.setNoDelay(true);
  socket.on('data', (chunk: Buffer) => {
    if (closed) return;
    let frames: Buffer[];
    try {
      frames = decoder.push(chunk);
    } catch (err) {
      drop(err);
      return;
    }
    for (const frame of frames) queue = queue.then(() => handleFrame(frame)).catch(drop);
  });
  // Without an 'error' listener a reset connection would be an uncaught exception.
  socket.on('error', () => {
    closed = true;
  });
  socket.on('close', () => {
    closed = true;
  });
}
