import type { RequestContext } from './broker-context.js';
import { ErrorCode } from './error-code.js';
import { parseRecordBatches } from './parse-record-batches.js';
import type { ProtocolReader } from './protocol-reader.js';
import { ProtocolWriter } from './protocol-writer.js';

const INVALID_REQUIRED_ACKS = 21;

/**
 * Produce v3. Batches are appended as sent (base offset rewritten). With acks=0 nothing is
 * written back at all: kafkajs registers no pending response and would log one it did not expect.
 */
export function handleProduce(r: ProtocolReader, { broker }: RequestContext): Buffer | null {
  r.nullableString(); // transactional_id: never set, kafkajs only sends it after InitProducerId
  const acks = r.int16();
  r.int32(); // timeout: a single replica acknowledges immediately
  const topics = r.array((r) => ({
    name: r.string(),
    partitions: r.array((r) => ({ partition: r.int32(), records: r.nullableBytes() })),
  }));
  const results = topics.map((topic) => ({
    name: topic.name,
    partitions: topic.partitions.map(({ partition, records }) => {
      if (acks !== 0 && acks !== 1 && acks !== -1) return { partition, error: INVALID_REQUIRED_ACKS, base: -1n };
      if (!broker.topics.partition(topic.name, partition)) return { partition, error: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, base: -1n };
      const batches = records ? parseRecordBatches(records) : null;
      if (!batches) return { partition, error: ErrorCode.CORRUPT_MESSAGE, base: -1n };
      return { partition, error: ErrorCode.NONE, base: broker.topics.append(topic.name, partition, batches) };
    }),
  }));
  if (acks === 0) return null;
  const w = new ProtocolWriter();
  w.array(results, (w, topic) => {
    w.string(topic.name);
    w.array(topic.partitions, (w, p) => w.int32(p.partition).int16(p.error).int64(p.base).int64(-1n));
  });
  w.int32(0); // throttle_time_ms
  return w.toBuffer();
}
