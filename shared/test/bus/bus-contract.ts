import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import type { Bus, BusEvent } from '../../src/bus/bus.js';
import type { Alert, DeadLetter } from '../../src/contracts/generated-types.js';
import { ShadowtuneError } from '../../src/errors/shadowtune-error.js';

/** What a contract run needs from an adapter: a fresh bus per test, isolated from the others. */
export interface BusHarness {
  readonly bus: Bus;
  close(): Promise<void>;
}

const FAST_RETRY = { maxAttempts: 3, initialBackoffMs: 10, maxBackoffMs: 40 };

export function makeAlert(subject: string, sequence: number): Alert {
  return {
    alertId: `${subject}-${sequence}`,
    kind: 'LATENCY_REGRESSION',
    severity: 'WARNING',
    subject,
    message: `alert ${sequence} on ${subject}`,
    figures: { sequence },
    recommendation: null,
    raisedAt: 1_700_000_000_000 + sequence,
  };
}

function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (condition()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 10);
    };
    tick();
  });
}

function group(): string {
  return `contract-${randomUUID()}`;
}

/** The behaviour every Bus adapter must have; run once per adapter. */
export function defineBusContract(adapter: string, open: () => Promise<BusHarness>): void {
  describe(`bus contract: ${adapter}`, () => {
    const opened: BusHarness[] = [];
    async function fresh(): Promise<Bus> {
      const harness = await open();
      opened.push(harness);
      return harness.bus;
    }
    after(async () => {
      for (const harness of opened) await harness.close();
    });

    it('delivers a published record decoded exactly as it was sent', async () => {
      const bus = await fresh();
      const received: BusEvent<'alerts'>[] = [];
      const sub = await bus.subscribe({ groupId: group(), topics: ['alerts'], handler: async (e) => void received.push(e) });
      const alert = makeAlert('fp-1', 1);
      await bus.publish('alerts', 'fp-1', alert, { origin: 'contract' });
      await waitFor(() => received.length === 1, 'the event');
      assert.deepEqual(structuredClone(received[0]!.value), alert, 'avsc decodes to record classes; compare the data');
      assert.equal(received[0]!.key, 'fp-1');
      assert.equal(received[0]!.topic, 'alerts');
      assert.equal(received[0]!.headers.origin, 'contract');
      await sub.stop();
    });

    it('keeps per-key order across partitions', async () => {
      const bus = await fresh();
      const seen = new Map<string, number[]>();
      let total = 0;
      const sub = await bus.subscribe({
        groupId: group(),
        topics: ['alerts'],
        handler: async (e) => {
          const list = seen.get(e.value.subject) ?? [];
          list.push(Number(e.value.figures.sequence));
          seen.set(e.value.subject, list);
          total += 1;
        },
      });
      const keys = Array.from({ length: 12 }, (_, i) => `key-${i}`);
      for (let n = 0; n < 20; n++) {
        for (const key of keys) await bus.publish('alerts', key, makeAlert(key, n));
      }
      await waitFor(() => total === 240, 'all 240 events');
      for (const key of keys) assert.deepEqual(seen.get(key), Array.from({ length: 20 }, (_, n) => n), `order of ${key}`);
      await sub.stop();
    });

    it('refuses to publish a record that does not match its schema, naming the field', async () => {
      const bus = await fresh();
      const broken = { ...makeAlert('x', 1), severity: 'LOUD' } as unknown as Alert;
      await assert.rejects(bus.publish('alerts', 'x', broken), (error: unknown) => {
        assert.ok(error instanceof ShadowtuneError);
        assert.equal(error.code, 'ENCODE_FAILED');
        assert.match(error.message, /severity/);
        return true;
      });
    });

    it('retries a retriable failure, then succeeds without a dead letter', async () => {
      const bus = await fresh();
      let attempts = 0;
      let done = false;
      const letters: DeadLetter[] = [];
      const dlq = await bus.subscribe({ groupId: group(), topics: ['dead.letters'], handler: async (e) => void letters.push(e.value) });
      const sub = await bus.subscribe({
        groupId: group(),
        topics: ['alerts'],
        retry: FAST_RETRY,
        handler: async () => {
          attempts += 1;
          if (attempts < 3) throw new ShadowtuneError('DB_UNAVAILABLE', 'transient');
          done = true;
        },
      });
      await bus.publish('alerts', 'k', makeAlert('k', 1));
      await waitFor(() => done, 'the third attempt');
      assert.equal(attempts, 3);
      assert.equal(letters.length, 0);
      await sub.stop();
      await dlq.stop();
    });

    it('dead-letters a non-retriable failure at once with its code and reason, and goes on', async () => {
      const bus = await fresh();
      const letters: BusEvent<'dead.letters'>[] = [];
      const handled: number[] = [];
      let attemptsOnBad = 0;
      const dlq = await bus.subscribe({ groupId: group(), topics: ['dead.letters'], handler: async (e) => void letters.push(e) });
      const sub = await bus.subscribe({
        groupId: group(),
        topics: ['alerts'],
        retry: FAST_RETRY,
        handler: async (e) => {
          if (e.value.figures.sequence === 1) {
            attemptsOnBad += 1;
            throw new ShadowtuneError('INPUT_INVALID', 'sequence 1 is not acceptable');
          }
          handled.push(Number(e.value.figures.sequence));
        },
      });
      for (const n of [0, 1, 2]) await bus.publish('alerts', 'same-key', makeAlert('same-key', n));
      await waitFor(() => handled.length === 2 && letters.length === 1, 'two handled and one dead letter');
      assert.deepEqual(handled, [0, 2]);
      assert.equal(attemptsOnBad, 1, 'not retried');
      const letter = letters[0]!.value;
      assert.equal(letter.errorCode, 'INPUT_INVALID');
      assert.equal(letter.reason, 'sequence 1 is not acceptable');
      assert.equal(letter.retriable, false);
      assert.equal(letter.attempts, 1);
      assert.match(letter.originalTopic, /alerts$/);
      assert.ok(letter.value && letter.value.length > 0, 'original bytes kept');
      await sub.stop();
      await dlq.stop();
    });

    it('dead-letters a retriable failure once attempts run out', async () => {
      const bus = await fresh();
      const letters: DeadLetter[] = [];
      let attempts = 0;
      const dlq = await bus.subscribe({ groupId: group(), topics: ['dead.letters'], handler: async (e) => void letters.push(e.value) });
      const sub = await bus.subscribe({
        groupId: group(),
        topics: ['alerts'],
        retry: FAST_RETRY,
        handler: async () => {
          attempts += 1;
          throw new Error('unclassified failure');
        },
      });
      await bus.publish('alerts', 'k', makeAlert('k', 7));
      await waitFor(() => letters.length === 1, 'the dead letter');
      assert.equal(attempts, 3);
      assert.equal(letters[0]!.errorCode, 'HANDLER_FAILED');
      assert.equal(letters[0]!.retriable, true);
      assert.equal(letters[0]!.attempts, 3);
      await sub.stop();
      await dlq.stop();
    });

    it('dead-letters bytes that are not a record of the topic, and goes on', async () => {
      const bus = await fresh();
      const letters: DeadLetter[] = [];
      const handled: Alert[] = [];
      const dlq = await bus.subscribe({ groupId: group(), topics: ['dead.letters'], handler: async (e) => void letters.push(e.value) });
      const sub = await bus.subscribe({ groupId: group(), topics: ['alerts'], handler: async (e) => void handled.push(e.value) });
      const garbage = Buffer.from([0xff, 0x00, 0x13, 0x37, 0x42]);
      await bus.publishRaw('alerts', 'k', garbage);
      await bus.publish('alerts', 'k', makeAlert('k', 2));
      await waitFor(() => letters.length === 1 && handled.length === 1, 'one dead letter and one handled event');
      assert.equal(letters[0]!.errorCode, 'DECODE_FAILED');
      assert.deepEqual(letters[0]!.value, garbage);
      assert.equal(handled[0]!.figures.sequence, 2);
      await sub.stop();
      await dlq.stop();
    });

    it('commits only handled events: a new member of the group resumes after the last one', async () => {
      const bus = await fresh();
      const groupId = group();
      const first: number[] = [];
      const sub1 = await bus.subscribe({ groupId, topics: ['alerts'], handler: async (e) => void first.push(Number(e.value.figures.sequence)) });
      for (let n = 0; n < 5; n++) await bus.publish('alerts', 'k', makeAlert('k', n));
      await waitFor(() => first.length === 5, 'first five');
      await sub1.stop();
      for (let n = 5; n < 10; n++) await bus.publish('alerts', 'k', makeAlert('k', n));
      const second: number[] = [];
      const sub2 = await bus.subscribe({ groupId, topics: ['alerts'], handler: async (e) => void second.push(Number(e.value.figures.sequence)) });
      await waitFor(() => second.length === 5, 'the next five');
      assert.deepEqual(second, [5, 6, 7, 8, 9], 'nothing handled twice, nothing lost');
      await sub2.stop();
    });

    it('redelivers an event whose handler never finished before stop', async () => {
      const bus = await fresh();
      const groupId = group();
      let release: () => void = () => undefined;
      const started: number[] = [];
      const sub1 = await bus.subscribe({
        groupId,
        topics: ['alerts'],
        retry: { maxAttempts: 1000, initialBackoffMs: 20, maxBackoffMs: 20 },
        handler: async (e) => {
          started.push(Number(e.value.figures.sequence));
          await new Promise<void>((resolve) => (release = resolve));
          throw new ShadowtuneError('DB_UNAVAILABLE', 'still down');
        },
      });
      await bus.publish('alerts', 'k', makeAlert('k', 0));
      await waitFor(() => started.length === 1, 'the handler to start');
      const stopping = sub1.stop();
      release();
      await stopping;
      const again: number[] = [];
      const sub2 = await bus.subscribe({ groupId, topics: ['alerts'], handler: async (e) => void again.push(Number(e.value.figures.sequence)) });
      await waitFor(() => again.length === 1, 'the redelivery');
      assert.deepEqual(again, [0]);
      await sub2.stop();
    });

    it('gives every consumer group all events', async () => {
      const bus = await fresh();
      const a: string[] = [];
      const b: string[] = [];
      const subA = await bus.subscribe({ groupId: group(), topics: ['alerts'], handler: async (e) => void a.push(e.value.alertId) });
      const subB = await bus.subscribe({ groupId: group(), topics: ['alerts'], handler: async (e) => void b.push(e.value.alertId) });
      for (let n = 0; n < 10; n++) await bus.publish('alerts', `k${n}`, makeAlert(`k${n}`, n));
      await waitFor(() => a.length === 10 && b.length === 10, 'both groups');
      assert.deepEqual([...a].sort(), [...b].sort());
      await subA.stop();
      await subB.stop();
    });

    it('shares partitions between members of one group without handling an event twice', async () => {
      const bus = await fresh();
      const groupId = group();
      const byMember: [string[], string[]] = [[], []];
      const subs = [
        await bus.subscribe({ groupId, topics: ['alerts'], handler: async (e) => void byMember[0].push(e.value.alertId) }),
        await bus.subscribe({ groupId, topics: ['alerts'], handler: async (e) => void byMember[1].push(e.value.alertId) }),
      ];
      for (let n = 0; n < 60; n++) await bus.publish('alerts', `key-${n}`, makeAlert(`key-${n}`, n));
      await waitFor(() => byMember[0].length + byMember[1].length >= 60, 'all events');
      const all = [...byMember[0], ...byMember[1]];
      assert.equal(new Set(all).size, 60);
      assert.equal(all.length, 60, 'no duplicates');
      for (const sub of subs) await sub.stop();
    });

    it('waits for the in-flight handler when stopping', async () => {
      const bus = await fresh();
      let finished = false;
      let started = false;
      const sub = await bus.subscribe({
        groupId: group(),
        topics: ['alerts'],
        handler: async () => {
          started = true;
          await new Promise((resolve) => setTimeout(resolve, 200));
          finished = true;
        },
      });
      await bus.publish('alerts', 'k', makeAlert('k', 1));
      await waitFor(() => started, 'the handler to start');
      await sub.stop();
      assert.equal(finished, true);
    });

    it('withholds key and value bytes from the dead letters of a raw subscription that asks so', async () => {
      const bus = await fresh();
      const letters: DeadLetter[] = [];
      const dlq = await bus.subscribe({ groupId: group(), topics: ['dead.letters'], handler: async (e) => void letters.push(e.value) });
      const sub = await bus.subscribeRaw({
        groupId: group(),
        topics: ['query.events.raw'],
        withholdValue: true,
        retry: FAST_RETRY,
        handler: async () => {
          throw new ShadowtuneError('KAFKA_UNAVAILABLE', 'cannot publish right now');
        },
      });
      await bus.publishRaw('query.events.raw', 'session-9', Buffer.from('{"message":"statement: SELECT 1 WHERE ssn = \'123-45-6789\'"}'));
      await waitFor(() => letters.length === 1, 'the dead letter');
      assert.equal(letters[0]!.value, null);
      assert.equal(letters[0]!.key, null);
      assert.equal(letters[0]!.errorCode, 'KAFKA_UNAVAILABLE');
      assert.match(letters[0]!.originalTopic, /query\.events\.raw$/);
      await sub.stop();
      await dlq.stop();
    });

    it('carries raw JSON topics', async () => {
      const bus = await fresh();
      const got: string[] = [];
      const sub = await bus.subscribeRaw({ groupId: group(), topics: ['query.events.raw'], handler: async (e) => void got.push(e.value?.toString() ?? '') });
      await bus.publishRaw('query.events.raw', 'session-1', Buffer.from('{"message":"hello"}'));
      await waitFor(() => got.length === 1, 'the raw event');
      assert.equal(got[0], '{"message":"hello"}');
      await sub.stop();
    });
  });
}
