import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { RawBusEvent } from '@shadowtune/shared/bus/bus';
import { loadModule } from 'libpg-query';
import { createRawEventHandler } from '../../src/raw-topic/create-raw-event-handler.js';
import { CapturePipeline } from '../../src/pipeline/capture-pipeline.js';
import { collectingPipeline } from '../support/collecting-pipeline.js';
import { fixture } from '../support/fixture.js';

const LINES = fixture('pg15-session-prefix.jsonl').toString('utf8').trim().split('\n');

function event(value: Buffer | null, offset: number): RawBusEvent {
  return { topic: 'query.events.raw', key: null, value, partition: 2, offset: String(offset), timestamp: 0, headers: {} };
}

describe('createRawEventHandler', () => {
  before(async () => {
    await loadModule();
  });

  it('publishes the records of a raw event, identified by PostgreSQL session and line', async () => {
    const target = collectingPipeline();
    const handler = createRawEventHandler({ pipeline: target.pipeline, logger: target.logger });
    await handler(event(Buffer.from(LINES.join('\n')), 10));
    assert.ok(target.records.length > 10);
    assert.ok(target.records.every((record) => record.source === 'KAFKA_RAW' && /^kafka:[0-9a-f]+\.[0-9a-f]+:\d+$/.test(record.sourcePosition ?? '')));
    assert.deepEqual(target.deadLetters, []);
  });

  it('dead-letters bad events itself, without their bytes, and never throws for them', async () => {
    const target = collectingPipeline();
    const handler = createRawEventHandler({ pipeline: target.pipeline, logger: target.logger });
    await handler(event(null, 1));
    await handler(event(Buffer.from("SELECT 'ann@example.com' -- not JSON"), 2));
    await handler(event(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 3));
    await handler(event(Buffer.from('   '), 4));
    assert.deepEqual(target.deadLetters.map((deadLetter) => [deadLetter.errorCode, deadLetter.offset, deadLetter.partition, deadLetter.value]), [
      ['INPUT_INVALID', 1, 2, null],
      ['INPUT_INVALID', 2, 2, null],
      ['INVALID_UTF8', 3, 2, null],
      ['INPUT_INVALID', 4, 2, null],
    ]);
    assert.ok(!JSON.stringify(target.deadLetters).includes('ann@'));
  });

  it('retries when publishing fails, then throws a retriable error so that the offset is not committed', async () => {
    const base = collectingPipeline();
    let failures = 2;
    const published: string[] = [];
    const pipeline = new CapturePipeline({
      ...base.pipeline.options,
      publisher: {
        publish: async (record) => {
          if (failures > 0) {
            failures -= 1;
            throw new Error('broker down');
          }
          published.push(record.eventId);
        },
        deadLetter: () => undefined,
      },
    });
    const line = LINES.find((candidate) => candidate.includes('statement: UPDATE')) ?? '';
    await createRawEventHandler({ pipeline, logger: base.logger, backoffMs: 1 })(event(Buffer.from(line), 5));
    assert.equal(published.length, 1);
    failures = 100;
    await assert.rejects(createRawEventHandler({ pipeline, logger: base.logger, backoffMs: 1, publishAttempts: 3 })(event(Buffer.from(line), 6)), (error: unknown) => (error as { retriable?: boolean }).retriable === true);
  });
});
