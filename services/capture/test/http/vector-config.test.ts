import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { loadModule } from 'libpg-query';
import { parse } from 'yaml';
import { configSchema } from '@shadowtune/shared/config/config-schema';
import { startHttpInput } from '../../src/http/start-http-input.js';
import { collectingPipeline } from '../support/collecting-pipeline.js';
import { fixture } from '../support/fixture.js';

interface VectorConfig {
  sources: Record<string, { type: string; include: string[]; fingerprint: { strategy: string } }>;
  transforms: Record<string, { type: string; inputs: string[]; source: string }>;
  sinks: Record<string, { type: string; inputs: string[]; uri: string; compression: string; encoding: { codec: string }; framing: { method: string }; batch: { max_events: number; max_bytes: number } }>;
}

describe('deploy/vector/vector.yaml', () => {
  const config = parse(readFileSync(new URL('../../../../deploy/vector/vector.yaml', import.meta.url), 'utf8')) as VectorConfig;

  it('ships jsonlog files, followed by inode, to POST /v1/events within capture\'s limits', () => {
    const sink = config.sinks.shadowtune_capture;
    assert.ok(sink);
    assert.equal(sink.type, 'http');
    assert.match(sink.uri, /\/v1\/events\}?"?$/);
    assert.equal(sink.compression, 'gzip');
    assert.deepEqual([sink.encoding.codec, sink.framing.method], ['json', 'newline_delimited']);
    const defaults = configSchema.parse({}).services.capture.http;
    assert.ok(sink.batch.max_events <= defaults.batchLimit);
    assert.ok(sink.batch.max_bytes <= defaults.bodyLimitBytes);
    assert.equal(config.sources.postgres_jsonlog?.fingerprint.strategy, 'device_and_inode');
    assert.deepEqual(sink.inputs, ['postgres_records']);
    assert.equal(config.transforms.postgres_records?.source.trim(), '. = { "message": .message }');
  });

  it('sends what the endpoint accepts: gzip NDJSON of {"message": <jsonlog line>}', async () => {
    await loadModule();
    const target = collectingPipeline();
    const server = await startHttpInput({ host: '127.0.0.1', port: 0, bodyLimitBytes: 10 * 1024 * 1024, batchLimit: 10_000, pipeline: target.pipeline, metrics: target.metrics, logger: target.logger });
    try {
      // What Vector's remap + json codec + newline framing make of each jsonlog line.
      const body = fixture('pg18-default.jsonl').toString('utf8').trim().split('\n').map((line) => JSON.stringify({ message: line })).join('\n');
      const response = await fetch(`http://127.0.0.1:${server.port}/v1/events`, { method: 'POST', body: gzipSync(body), headers: { 'content-encoding': 'gzip', 'content-type': 'application/x-ndjson' } });
      assert.equal(response.status, 200);
      assert.ok(target.records.length > 20);
      assert.deepEqual(target.deadLetters, []);
    } finally {
      await server.close();
    }
  });
});
