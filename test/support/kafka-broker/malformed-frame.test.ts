import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Kafka, Producer } from 'kafkajs';
import { ApiKey } from './api-key.js';
import { ProtocolReader } from './protocol-reader.js';
import { ProtocolWriter } from './protocol-writer.js';
import { quietKafka } from './quiet-kafka.js';
import { startTestBroker, type TestBroker } from './test-broker.js';

const WAIT_MS = 10_000;

/** A bare TCP client: sends raw bytes, reads size-prefixed responses, notices when the broker hangs up. */
class RawClient {
  private buffered = Buffer.alloc(0);
  private readonly frames: Buffer[] = [];
  private wake: (() => void) | null = null;
  readonly closed: Promise<void>;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      while (this.buffered.length >= 4 && this.buffered.length >= 4 + this.buffered.readInt32BE(0)) {
        const size = this.buffered.readInt32BE(0);
        this.frames.push(this.buffered.subarray(4, 4 + size));
        this.buffered = this.buffered.subarray(4 + size);
      }
      this.wake?.();
    });
    socket.on('error', () => {});
    this.closed = new Promise((resolve) => socket.on('close', () => resolve()));
    void this.closed.then(() => this.wake?.());
  }

  static open(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  request(apiKey: number, version: number, correlationId: number, body: Buffer = Buffer.alloc(0)): void {
    const header = new ProtocolWriter().int16(apiKey).int16(version).int32(correlationId).string('raw-client').toBuffer();
    this.write(new ProtocolWriter().bytes(Buffer.concat([header, body])).toBuffer());
  }

  async response(): Promise<ProtocolReader> {
    const deadline = Date.now() + WAIT_MS;
    while (this.frames.length === 0) {
      if (this.socket.destroyed) throw new Error('connection closed before a response');
      if (Date.now() > deadline) throw new Error('no response');
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 200).unref();
      });
    }
    return new ProtocolReader(this.frames.shift()!);
  }

  /** Resolves when the broker closes the connection; fails the test if it does not. */
  expectClosed(what: string): Promise<void> {
    return Promise.race([
      this.closed,
      new Promise<void>((_, reject) => setTimeout(() => reject(new Error(`broker kept the connection open after ${what}`)), WAIT_MS).unref()),
    ]);
  }

  end(): void {
    this.socket.destroy();
  }
}

function sizePrefixed(size: number, body: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeInt32BE(size, 0);
  return Buffer.concat([head, body]);
}

describe('malformed and unsupported requests', { timeout: 120_000 }, () => {
  let broker: TestBroker;
  let kafka: Kafka;
  let producer: Producer;
  const topic = `survivor-${randomUUID().slice(0, 8)}`;
  const dropped: string[] = [];

  before(async () => {
    broker = await startTestBroker({ log: (line) => dropped.push(line) });
    kafka = quietKafka(broker.brokers, 'malformed-test');
    // Connected before any garbage arrives; must keep working on its own connections.
    producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'before' }] });
  });
  after(async () => {
    await producer.disconnect();
    await broker.stop();
  });

  const cases: [string, (c: RawClient) => void][] = [
    ['random garbage', (c) => c.write(Buffer.concat([Buffer.from([0xde, 0xad, 0xbe, 0xef]), randomBytes(60)]))],
    ['a negative frame size', (c) => c.write(sizePrefixed(-1, Buffer.alloc(16)))],
    ['a frame too small to hold a header', (c) => c.write(sizePrefixed(3, Buffer.from([0, 3, 0])))],
    ['a frame size over 100 MiB', (c) => c.write(sizePrefixed(0x7fffffff, Buffer.alloc(16)))],
    [
      'a body truncated inside a field (Metadata claims 5 topics, carries 1)',
      (c) => c.request(ApiKey.Metadata, 1, 1, new ProtocolWriter().int32(5).string('only-one').toBuffer()),
    ],
    ['a string length past the end of the frame', (c) => c.request(ApiKey.FindCoordinator, 0, 1, new ProtocolWriter().int16(500).toBuffer())],
    ['an unknown API key', (c) => c.request(999, 0, 1)],
    ['an API the broker does not implement (InitProducerId)', (c) => c.request(22, 1, 1)],
    ['an unsupported version of a known API (Metadata v9)', (c) => c.request(ApiKey.Metadata, 9, 1, new ProtocolWriter().int32(-1).toBuffer())],
    ['an unsupported version of Produce (v7)', (c) => c.request(ApiKey.Produce, 7, 1)],
  ];
  for (const [what, send] of cases) {
    it(`closes the connection on ${what}, and keeps serving`, async () => {
      const client = await RawClient.open(broker.port);
      send(client);
      await client.expectClosed(what);
      const [result] = await producer.send({ topic, messages: [{ value: what }] });
      assert.equal(result?.errorCode, 0);
    });
  }

  it('ignores a frame cut short by a client hanging up', async () => {
    const client = await RawClient.open(broker.port);
    client.write(sizePrefixed(100, Buffer.alloc(10)));
    client.end();
    await client.closed;
    const [result] = await producer.send({ topic, messages: [{ value: 'after hang-up' }] });
    assert.equal(result?.errorCode, 0);
  });

  it('answers ApiVersions above v2 with UNSUPPORTED_VERSION in the v0 layout and keeps the connection', async (t) => {
    const client = await RawClient.open(broker.port);
    t.after(() => client.end());
    client.request(ApiKey.ApiVersions, 3, 41);
    const v3 = await client.response();
    assert.equal(v3.int32(), 41);
    assert.equal(v3.int16(), 35);
    const apis = v3.array((r) => ({ key: r.int16(), min: r.int16(), max: r.int16() }));
    assert.ok(apis.some((a) => a.key === ApiKey.Fetch && a.min === 4 && a.max === 4));
    assert.equal(v3.remaining, 0, 'no throttle_time_ms in the v0 layout');

    client.request(ApiKey.ApiVersions, 2, 42);
    const v2 = await client.response();
    assert.equal(v2.int32(), 42);
    assert.equal(v2.int16(), 0);
    assert.equal(v2.array((r) => [r.int16(), r.int16(), r.int16()]).length, apis.length);
    assert.equal(v2.int32(), 0, 'throttle_time_ms');
  });

  it('answers a corrupt record set with CORRUPT_MESSAGE without dropping the connection', async (t) => {
    const client = await RawClient.open(broker.port);
    t.after(() => client.end());
    const body = new ProtocolWriter()
      .string(null)
      .int16(1)
      .int32(1000)
      .array([topic], (w, name) => w.string(name).array([0], (w, p) => w.int32(p).bytes(Buffer.from('definitely not a record batch'))))
      .toBuffer();
    client.request(ApiKey.Produce, 3, 7, body);
    const r = await client.response();
    assert.equal(r.int32(), 7);
    const [topicResult] = r.array((r) => ({ name: r.string(), partitions: r.array((r) => ({ partition: r.int32(), error: r.int16(), base: r.int64(), time: r.int64() })) }));
    assert.deepEqual(topicResult?.partitions[0], { partition: 0, error: 2, base: -1n, time: -1n });
    client.request(ApiKey.ApiVersions, 2, 8);
    assert.equal((await client.response()).int32(), 8, 'connection still usable');
  });

  it('still serves a consumer after all of the above, with every message intact', async (t) => {
    const consumer = kafka.consumer({ groupId: `group-${randomUUID()}`, sessionTimeout: 6000, heartbeatInterval: 200, maxWaitTimeInMs: 200 });
    const values: string[] = [];
    let done!: () => void;
    const all = new Promise<void>((resolve) => (done = resolve));
    const expected = 2 + cases.length;
    await consumer.connect();
    t.after(() => consumer.disconnect());
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        values.push(message.value!.toString());
        if (values.length === expected) done();
      },
    });
    await all;
    assert.deepEqual(values, ['before', ...cases.map(([what]) => what), 'after hang-up']);
    assert.ok(dropped.length >= cases.length, 'every dropped connection was logged');
  });
});
