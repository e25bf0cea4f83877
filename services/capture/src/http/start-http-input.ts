import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import type { Logger } from '@shadowtune/shared/log/create-logger';
import type { CaptureMetrics } from '../metrics/capture-metrics.js';
import type { CapturePipeline } from '../pipeline/capture-pipeline.js';
import { shipperEntries } from '../shipper/shipper-entries.js';
import { decodeRequestBody } from './decode-request-body.js';
import { HttpInputError } from './http-input-error.js';
import { readRequestBody } from './read-request-body.js';

export interface HttpInputOptions {
  readonly host: string;
  readonly port: number;
  readonly bodyLimitBytes: number;
  readonly batchLimit: number;
  readonly pipeline: CapturePipeline;
  readonly metrics: CaptureMetrics;
  readonly logger: Logger;
}

export interface RunningHttpInput {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

export const EVENTS_PATH = '/v1/events';
const ORIGIN = { originalTopic: `http:${EVENTS_PATH}`, partition: -1, offset: -1 };

function reply(response: ServerResponse, status: number, body: Record<string, unknown>, close = false): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) };
  // The rest of an oversized body is not read: the connection cannot be reused.
  if (close) headers.connection = 'close';
  response.writeHead(status, headers);
  response.end(text);
}

async function handle(request: IncomingMessage, response: ServerResponse, options: HttpInputOptions): Promise<void> {
  const path = (request.url ?? '').split('?')[0];
  if (path !== EVENTS_PATH) throw new HttpInputError(404, `not found: the endpoint is POST ${EVENTS_PATH}`);
  if (request.method !== 'POST') {
    response.setHeader('allow', 'POST');
    throw new HttpInputError(405, `method not allowed: use POST ${EVENTS_PATH}`);
  }
  const body = await readRequestBody(request, options.bodyLimitBytes);
  const { text, invalidUtf8 } = await decodeRequestBody(body, request.headers['content-encoding'], options.bodyLimitBytes);
  if (text.trim().length === 0) throw new HttpInputError(400, 'body is empty: send JSON lines of PostgreSQL jsonlog/csvlog records');
  const { entries, notJson } = shipperEntries(text, 'HTTP', { identity: 'http', unit: `http:${randomUUID()}` }, invalidUtf8);
  if (entries.length > options.batchLimit) throw new HttpInputError(413, `batch has ${entries.length} records, more than the limit of ${options.batchLimit}`);
  if (notJson === entries.length) throw new HttpInputError(400, 'no record in the body is JSON: send JSON lines (or a JSON array) of jsonlog/csvlog records');
  const batch = options.pipeline.batch();
  for (const entry of entries) batch.handleEntry(entry, 'http', ORIGIN);
  const summary = await batch.settle();
  reply(response, 200, { received: entries.length, ...summary });
}

/**
 * The log-shipper endpoint: `POST /v1/events` with JSON lines (or a JSON array) of
 * PostgreSQL jsonlog/csvlog-shaped records, as Vector and Fluent Bit send them, gzip or
 * deflate accepted. Limits: body size (compressed and decompressed) and records per request
 * (413). Unreadable requests get a 4xx with a reason; a bad record inside a readable batch
 * is dead-lettered and the rest published; the reply (200) comes after publishing.
 */
export async function startHttpInput(options: HttpInputOptions): Promise<RunningHttpInput> {
  const server = createServer((request, response) => {
    handle(request, response, options).catch((error: unknown) => {
      if (error instanceof HttpInputError) {
        options.metrics.rejectedRequest(error.status);
        options.logger.debug({ status: error.status, reason: error.message }, 'log-shipper request refused');
        reply(response, error.status, { error: error.message }, error.status === 413);
        return;
      }
      const failure = toShadowtuneError(error, 'HANDLER_FAILED');
      options.logger.error({ err: failure }, 'log-shipper request failed');
      // 503 makes shippers retry: nothing of the batch is lost.
      reply(response, 503, { error: 'publishing failed; retry later', code: failure.code });
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    host: address.address,
    port: address.port,
    close: async () => {
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
