import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { RegistryError } from './registry-error.js';
import { RegistryStore } from './registry-store.js';
import { routeRegistryRequest } from './route-registry-request.js';

export interface TestSchemaRegistryOptions {
  /** 0 (default) picks a free port on 127.0.0.1. */
  port?: number;
  /** Keep subjects, schemas and config here so they survive a restart; in memory if absent. */
  dataDir?: string;
}

export interface TestSchemaRegistry {
  /** Base URL for `new SchemaRegistry({ host: url })`. */
  url: string;
  stop(): Promise<void>;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const MAX_BODY_BYTES = 16 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new RegistryError(413, 413, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new RegistryError(400, 400, `Malformed JSON body: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': CONTENT_TYPE, 'Content-Length': Buffer.byteLength(payload) });
  res.end(payload);
}

async function handle(store: RegistryStore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const url = new URL(req.url ?? '/', 'http://registry');
    let segments: string[];
    try {
      // The client encodes path parameters with encodeURIComponent (subjects may contain '/').
      segments = url.pathname.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
    } catch {
      throw new RegistryError(404, 404, 'HTTP 404 Not Found: undecodable path');
    }
    const body = await readBody(req);
    const result = routeRegistryRequest(store, { method: req.method ?? 'GET', segments, query: url.searchParams, body });
    send(res, result.status, result.body);
  } catch (err) {
    if (err instanceof RegistryError) send(res, err.status, { error_code: err.errorCode, message: err.message });
    else send(res, 500, { error_code: 50001, message: `Error in the backend data store: ${err instanceof Error ? err.message : String(err)}` });
  }
}

/** Starts a Confluent Schema Registry REST test server on 127.0.0.1. */
export async function startTestSchemaRegistry(options: TestSchemaRegistryOptions = {}): Promise<TestSchemaRegistry> {
  const store = new RegistryStore(options.dataDir ?? null);
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => void handle(store, req, res));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('registry is not listening on TCP');
  let stopped: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${address.port}`,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections from clients would otherwise hold close() open.
        for (const socket of sockets) socket.destroy();
      });
      return stopped;
    },
  };
}
