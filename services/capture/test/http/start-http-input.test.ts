import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { loadModule } from 'libpg-query';
import { startHttpInput, type RunningHttpInput } from '../../src/http/start-http-input.js';
import { collectingPipeline, type CollectingPipeline } from '../support/collecting-pipeline.js';
import { fixture } from '../support/fixture.js';

const JSONLOG = fixture('pg18-default.jsonl').toString('utf8');
const JSONLOG_LINES = JSONLOG.trim().split('\n');
const STATEMENT_RECORDS = JSONLOG_LINES.filter((line) => /"message":"duration: [\d.]+ ms  (statement|execute|plan)/.test(line)).length;

describe('HTTP input (POST /v1/events)', () => {
  let target: CollectingPipeline;
  let server: RunningHttpInput;
  let url: string;

  before(async () => {
    await loadModule();
    target = collectingPipeline();
    server = await startHttpInput({ host: '127.0.0.1', port: 0, bodyLimitBytes: 64 * 1024, batchLimit: 100, pipeline: target.pipeline, metrics: target.metrics, logger: target.logger });
    url = `http://127.0.0.1:${server.port}/v1/events`;
  });

  after(async () => {
    await server.close();
  });

  async function post(body: string | Buffer, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-ndjson', ...headers } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('publishes jsonlog records sent as JSON lines, as Vector sends them', async () => {
    const before = target.records.length;
    const reply = await post(JSONLOG);
    assert.equal(reply.status, 200);
    assert.equal(reply.body.received, JSONLOG_LINES.length);
    assert.equal(reply.body.deadLettered, 0);
    const published = target.records.slice(before);
    assert.equal(published.length, STATEMENT_RECORDS);
    assert.ok(published.every((record) => record.source === 'HTTP' && /^http:[0-9a-f]+\.[0-9a-f]+:\d+$/.test(record.sourcePosition ?? '')));
    assert.ok(published.some((record) => record.tags.application === 'billing-api'));
  });

  it('accepts gzip, a JSON array (Fluent Bit json), envelopes (message/log) and csvlog-shaped objects', async () => {
    const line = JSONLOG_LINES.find((candidate) => candidate.includes('"message":"duration:') && candidate.includes('statement: UPDATE')) ?? '';
    const before = target.records.length;
    assert.equal((await post(gzipSync(Buffer.from(line)), { 'content-encoding': 'gzip' })).status, 200);
    assert.equal((await post(JSON.stringify([JSON.parse(line)]), { 'content-type': 'application/json' })).status, 200);
    assert.equal((await post(JSON.stringify({ message: line, host: 'db1' }))).status, 200);
    assert.equal((await post(JSON.stringify({ log: line, date: 1 }))).status, 200);
    const csvShaped = { log_time: '2026-11-21 22:24:00.080 UTC', user_name: 'app', database_name: 'shop', process_id: '1', connection_from: '10.0.0.1:5000', session_id: 'ab.cd', session_line_num: '7', error_severity: 'LOG', message: "duration: 1.000 ms  statement: UPDATE users SET name = 'x', prefs = '{}' WHERE id = 1", application_name: 'billing-api' };
    assert.equal((await post(JSON.stringify(csvShaped))).status, 200);
    const published = target.records.slice(before);
    assert.equal(published.length, 5);
    assert.equal(new Set(published.map((record) => record.fingerprint)).size, 1);
    // The same PostgreSQL line re-sent keeps its identity (and so its eventId).
    assert.equal(new Set(published.slice(0, 4).map((record) => record.eventId)).size, 1);
    assert.equal(published[4]?.tags.client, '10.0.0.1');
  });

  it('dead-letters the bad records of a readable batch and publishes the rest', async () => {
    const good = JSONLOG_LINES.find((candidate) => candidate.includes('statement: UPDATE')) ?? '';
    const reply = await post([good, "{not json 'ann@example.com'", '{"user":"x"}', good].join('\n'));
    assert.equal(reply.status, 200);
    assert.equal(reply.body.deadLettered, 2);
    assert.equal(reply.body.published, 2);
    assert.ok(!JSON.stringify(target.deadLetters).includes('ann@'));
    assert.ok(target.deadLetters.every((deadLetter) => deadLetter.value === null && deadLetter.originalTopic === 'http:/v1/events'));
  });

  it('refuses unreadable requests with a 4xx and a reason', async () => {
    const cases: Array<[string, () => Promise<{ status: number; body: Record<string, unknown> }>, number, RegExp]> = [
      ['too large', () => post('x'.repeat(70 * 1024)), 413, /larger than 65536 bytes/],
      ['gzip bomb', () => post(gzipSync(Buffer.alloc(1024 * 1024, 32)), { 'content-encoding': 'gzip' }), 413, /decompressed body is larger/],
      ['too many records', () => post(Array.from({ length: 101 }, () => '{}').join('\n')), 413, /more than the limit of 100/],
      ['bad gzip', () => post(Buffer.from('not gzip'), { 'content-encoding': 'gzip' }), 400, /not valid gzip/],
      ['unsupported encoding', () => post('{}', { 'content-encoding': 'br' }), 415, /unsupported Content-Encoding 'br'/],
      ['empty', () => post(''), 400, /body is empty/],
      ['nothing JSON', () => post('hello\nworld'), 400, /no record in the body is JSON/],
    ];
    for (const [name, send, status, reason] of cases) {
      const reply = await send();
      assert.equal(reply.status, status, name);
      assert.match(String(reply.body.error), reason, name);
    }
    assert.equal((await fetch(url)).status, 405);
    assert.equal((await fetch(url.replace('/v1/events', '/v2/other'), { method: 'POST', body: '{}' })).status, 404);
    assert.match(await target.registry.metrics(), /shadowtune_capture_http_rejected_total\{status="413"\} 3/);
  });
});
