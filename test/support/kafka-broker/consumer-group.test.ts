import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import { ErrorCode } from './error-code.js';
import { ConsumerGroup, type JoinRequest } from './consumer-group.js';
import { GroupObserver } from './group-observer.js';
import { startGroupMember, type MemberEvent } from './group-member.js';
import { quietKafka } from './quiet-kafka.js';
import { startTestBroker, type TestBroker } from './test-broker.js';

const WAIT_MS = 30_000;

function unique(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

async function produce(producer: Producer, topic: string, prefix: string, count: number, batch = 10): Promise<string[]> {
  const values: string[] = [];
  for (let i = 0; i < count; i += batch) {
    const messages = Array.from({ length: Math.min(batch, count - i) }, (_, j) => ({ key: `key-${(i + j) % 37}`, value: `${prefix}-${i + j}` }));
    await producer.send({ topic, messages });
    values.push(...messages.map((m) => m.value));
  }
  return values;
}

/** Runs startGroupMember in a child process so it can be killed without leaving the group. */
function spawnMember(broker: string, topic: string, groupId: string, name: string, onEvent: (e: MemberEvent) => void): ChildProcess {
  const script = fileURLToPath(new URL('./group-member-main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, broker, topic, groupId, name], { stdio: ['ignore', 'pipe', 'inherit'] });
  createInterface({ input: child.stdout! }).on('line', (line) => onEvent(JSON.parse(line) as MemberEvent));
  return child;
}

describe('consumer groups through kafkajs', { timeout: 120_000 }, () => {
  let broker: TestBroker;
  let kafka: Kafka;
  let producer: Producer;

  before(async () => {
    broker = await startTestBroker();
    kafka = quietKafka(broker.brokers, 'group-test');
    producer = kafka.producer();
    await producer.connect();
  });
  after(async () => {
    await producer.disconnect();
    await broker.stop();
  });

  async function createTopic(partitions: number): Promise<string> {
    const topic = unique('group-topic');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }] });
    await admin.disconnect();
    return topic;
  }

  it('splits partitions between two members, rebalances for a third, and handles every message once unless uncommitted', async (t) => {
    const topic = await createTopic(6);
    const groupId = unique('group');
    const observer = new GroupObserver();
    const consumers: Consumer[] = [];
    t.after(() => Promise.all(consumers.map((c) => c.disconnect())));
    const member = async (name: string): Promise<void> => {
      consumers.push(await startGroupMember({ kafka: quietKafka(broker.brokers, name), name, groupId, topic, onEvent: observer.record }));
    };

    await Promise.all([member('a'), member('b')]);
    await observer.waitForAssignment(['a', 'b'], [3, 3], 6, WAIT_MS);
    const first = await produce(producer, topic, 'first', 120);
    await observer.waitForValues(first, WAIT_MS);
    for (const name of ['a', 'b']) {
      const owned = new Set(observer.latestAssignment(name));
      const partitions = observer.events.items.flatMap((e) => (e.type === 'message' && e.member === name && first.includes(e.value) ? [e.partition] : []));
      assert.ok(partitions.length > 0, `${name} handled messages`);
      assert.ok(partitions.every((p) => owned.has(p)), `${name} handled only its own partitions`);
    }

    // The third member joins while messages keep flowing, so the rebalance happens mid-stream.
    const joining = member('c');
    const during = await produce(producer, topic, 'during', 120, 5);
    await joining;
    await observer.waitForAssignment(['a', 'b', 'c'], [2, 2, 2], 6, WAIT_MS);
    const last = await produce(producer, topic, 'last', 120);
    await observer.waitForValues([...first, ...during, ...last], WAIT_MS);

    assert.deepEqual(observer.illegalDuplicates, []);
    assert.ok(observer.handledBy.get('c')?.size, 'the third member handled messages after the rebalance');
    const cOwned = new Set(observer.latestAssignment('c'));
    for (const e of observer.events.items) {
      if (e.type === 'message' && last.includes(e.value)) {
        assert.equal(e.member, ['a', 'b', 'c'].find((m) => observer.latestAssignment(m)?.includes(e.partition)), `owner of partition ${e.partition}`);
      }
    }
    assert.ok(cOwned.size === 2);
    t.diagnostic(`duplicates (uncommitted redeliveries): ${observer.duplicates}`);
  });

  it('takes the partitions of a member killed without leaving after its session timeout, losing nothing', async (t) => {
    const topic = await createTopic(4);
    const groupId = unique('group');
    const observer = new GroupObserver();
    const survivor = await startGroupMember({ kafka: quietKafka(broker.brokers, 'survivor'), name: 'survivor', groupId, topic, onEvent: observer.record });
    t.after(() => survivor.disconnect());
    const victim = spawnMember(broker.brokers[0]!, topic, groupId, 'victim', observer.record);
    const exited = new Promise<void>((resolve) => victim.once('exit', () => resolve()));
    t.after(async () => {
      victim.kill('SIGKILL');
      await exited;
    });

    await observer.waitForAssignment(['survivor', 'victim'], [2, 2], 4, WAIT_MS);
    const before = await produce(producer, topic, 'before', 80);
    await observer.waitForValues(before, WAIT_MS);
    assert.ok(observer.handledBy.get('victim')?.size, 'the victim handled its share');

    const killedAt = Date.now();
    victim.kill('SIGKILL');
    await exited;
    // Produced while the dead member still owns half the partitions: must wait, not vanish.
    const meanwhile = await produce(producer, topic, 'meanwhile', 40);
    await observer.waitForAssignment(['survivor'], [4], 4, WAIT_MS);
    const evictedAfter = Date.now() - killedAt;
    const afterwards = await produce(producer, topic, 'after', 40);
    await observer.waitForValues([...before, ...meanwhile, ...afterwards], WAIT_MS);

    // Evicted by session expiry (6 s since its last heartbeat), not by anything faster.
    assert.ok(evictedAfter >= 4000, `evicted ${evictedAfter} ms after the kill`);
    assert.deepEqual(observer.illegalDuplicates, []);
    t.diagnostic(`evicted after ${evictedAfter} ms; duplicates (uncommitted redeliveries): ${observer.duplicates}`);
  });

  it('resumes from committed offsets after a consumer restart', async (t) => {
    const topic = await createTopic(3);
    const groupId = unique('group');
    const first = new GroupObserver();
    const consumer = await startGroupMember({ kafka: quietKafka(broker.brokers, 'first-run'), name: 'first-run', groupId, topic, onEvent: first.record });
    const old = await produce(producer, topic, 'old', 60);
    await first.waitForValues(old, WAIT_MS);
    await consumer.disconnect(); // commits what it handled, then leaves

    const admin = kafka.admin();
    await admin.connect();
    t.after(() => admin.disconnect());
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    assert.equal(committed!.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0), 60);

    const fresh = await produce(producer, topic, 'fresh', 30);
    const second = new GroupObserver();
    const restarted = await startGroupMember({ kafka: quietKafka(broker.brokers, 'second-run'), name: 'second-run', groupId, topic, onEvent: second.record });
    t.after(() => restarted.disconnect());
    await second.waitForValues(fresh, WAIT_MS);
    // Partitions are read in order, so a re-read old message would have arrived before the fresh ones.
    const handled = [...second.handledValues()];
    assert.deepEqual(handled.filter((v) => v.startsWith('old-')), []);
    assert.equal(second.duplicates, 0);
    assert.deepEqual(new Set(handled), new Set(fresh));
  });
});

describe('ConsumerGroup state machine', { timeout: 120_000 }, () => {
  const request = (memberId: string, overrides: Partial<JoinRequest> = {}): JoinRequest => ({
    sessionTimeoutMs: 6000,
    rebalanceTimeoutMs: 1000,
    memberId,
    protocolType: 'consumer',
    protocols: [{ name: 'RoundRobinAssigner', metadata: Buffer.from('m') }],
    clientId: 'unit',
    clientHost: '127.0.0.1',
    ...overrides,
  });

  it('answers 27, 25 and 22 as Kafka does through a rebalance', async (t) => {
    const group = new ConsumerGroup('unit', 0);
    t.after(() => group.close());
    const a = await group.join(request(''));
    assert.equal(a.errorCode, ErrorCode.NONE);
    assert.equal(a.leaderId, a.memberId);
    assert.equal(a.members.length, 1, 'the leader gets the member list');
    const assignment = Buffer.from('all');
    assert.deepEqual(await group.sync(a.generationId, a.memberId, new Map([[a.memberId, assignment]])), { errorCode: 0, assignment });
    assert.equal(group.state, 'Stable');
    assert.equal(group.heartbeat(a.generationId, a.memberId), ErrorCode.NONE);
    assert.equal(group.heartbeat(a.generationId + 5, a.memberId), ErrorCode.ILLEGAL_GENERATION);
    assert.equal(group.heartbeat(a.generationId, 'stranger'), ErrorCode.UNKNOWN_MEMBER_ID);

    // A second member joining parks until the first rejoins; meanwhile heartbeats say 27.
    const bJoin = group.join(request(''));
    assert.equal(group.state, 'PreparingRebalance');
    assert.equal(group.heartbeat(a.generationId, a.memberId), ErrorCode.REBALANCE_IN_PROGRESS);
    assert.equal(group.checkCommit(a.generationId, a.memberId), ErrorCode.NONE, 'commits allowed while preparing');
    const aRejoin = await group.join(request(a.memberId));
    const b = await bJoin;
    assert.equal(aRejoin.generationId, a.generationId + 1);
    assert.equal(aRejoin.leaderId, a.memberId, 'the leader is kept');
    assert.equal(b.members.length, 0, 'followers get no member list');
    assert.equal(group.state, 'CompletingRebalance');
    assert.equal(group.checkCommit(aRejoin.generationId, a.memberId), ErrorCode.REBALANCE_IN_PROGRESS);
    assert.equal(group.heartbeat(a.generationId, a.memberId), ErrorCode.ILLEGAL_GENERATION, 'old generation');

    const bSync = group.sync(b.generationId, b.memberId, new Map());
    const aSync = await group.sync(aRejoin.generationId, a.memberId, new Map([[b.memberId, Buffer.from('half')]]));
    assert.deepEqual(aSync.assignment, Buffer.alloc(0), 'missing from the map: empty assignment');
    assert.deepEqual((await bSync).assignment, Buffer.from('half'));

    assert.equal(group.leave(b.memberId), ErrorCode.NONE);
    assert.equal(group.state, 'PreparingRebalance');
    assert.equal(group.leave(b.memberId), ErrorCode.UNKNOWN_MEMBER_ID);
    assert.equal((await group.join(request('gone-member'))).errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
    assert.equal((await group.join(request(a.memberId))).generationId, aRejoin.generationId + 1);
  });

  it('rejects a different protocol type or no common protocol with 23', async (t) => {
    const group = new ConsumerGroup('unit-protocol', 0);
    t.after(() => group.close());
    const a = await group.join(request(''));
    await group.sync(a.generationId, a.memberId, new Map());
    assert.equal((await group.join(request('', { protocolType: 'connect' }))).errorCode, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    assert.equal((await group.join(request('', { protocols: [{ name: 'Other', metadata: Buffer.alloc(0) }] }))).errorCode, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  });

  it('expires a member silent for longer than its session timeout', async (t) => {
    const group = new ConsumerGroup('unit-expiry', 0);
    t.after(() => group.close());
    const a = await group.join(request('', { sessionTimeoutMs: 6000 }));
    const b = group.join(request('', { sessionTimeoutMs: 6000 }));
    await group.join(request(a.memberId));
    const bJoined = await b;
    const leader = [...group.members.keys()][0]!;
    await Promise.all([...group.members.keys()].map((id) => group.sync(bJoined.generationId, id, new Map())));
    assert.equal(group.state, 'Stable');
    // Pretend b has been silent for longer than its session timeout.
    group.members.get(bJoined.memberId)!.lastSeen -= 7000;
    group.expireSessions(Date.now());
    assert.ok(!group.members.has(bJoined.memberId));
    assert.equal(group.state, 'PreparingRebalance');
    // Nobody else is left to wait for, so the remaining member's rejoin completes at once.
    const alone = await group.join(request(leader));
    assert.equal(alone.members.length, 1);
    assert.equal(group.state, 'CompletingRebalance');
  });

  it('holds the first rebalance of an Empty group for the initial delay so joiners share a generation', async (t) => {
    const group = new ConsumerGroup('unit-initial-delay', 300);
    t.after(() => group.close());
    const started = Date.now();
    const first = group.join(request(''));
    const second = group.join(request(''));
    const [a, b] = await Promise.all([first, second]);
    assert.ok(Date.now() - started >= 250, 'waited for the initial delay');
    assert.equal(a.generationId, 1);
    assert.equal(b.generationId, 1);
    assert.equal([a, b].filter((r) => r.members.length === 2).length, 1, 'one leader with both members');
  });

  it('completes a rebalance without a member that does not rejoin within the rebalance timeout', async (t) => {
    const group = new ConsumerGroup('unit-rebalance-timeout', 0);
    t.after(() => group.close());
    const a = await group.join(request('', { rebalanceTimeoutMs: 200 }));
    const bPending = group.join(request('', { rebalanceTimeoutMs: 200 }));
    await group.join(request(a.memberId, { rebalanceTimeoutMs: 200 }));
    const b = await bPending;
    await Promise.all([...group.members.keys()].map((id) => group.sync(b.generationId, id, new Map())));
    // b rejoins; a (say, stuck processing) does not, and is dropped when the timeout fires.
    const started = Date.now();
    const rejoined = await group.join(request(b.memberId, { rebalanceTimeoutMs: 200 }));
    assert.ok(Date.now() - started >= 150, 'waited for the rebalance timeout');
    assert.equal(rejoined.errorCode, ErrorCode.NONE);
    assert.equal(rejoined.leaderId, b.memberId, 'a new leader when the old one is gone');
    assert.deepEqual([...group.members.keys()], [b.memberId]);
    assert.equal(group.heartbeat(rejoined.generationId, a.memberId), ErrorCode.UNKNOWN_MEMBER_ID);
  });
});
