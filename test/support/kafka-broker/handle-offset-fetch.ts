import type { RequestContext } from './broker-context.js';
import { ErrorCode } from './error-code.js';
import type { ProtocolReader } from './protocol-reader.js';
import { ProtocolWriter } from './protocol-writer.js';

/**
 * OffsetFetch v1. Every requested partition is answered — offset -1 when nothing is
 * committed — because kafkajs never fetches a partition missing from the answer.
 */
export function handleOffsetFetch(r: ProtocolReader, { broker }: RequestContext): Buffer {
  const groupId = r.string();
  const requested = r.nullableArray((r) => ({ name: r.string(), partitions: r.array((r) => r.int32()) }));
  const topics = requested ?? [...broker.offsets.committed(groupId)].map(([name, partitions]) => ({ name, partitions }));
  const w = new ProtocolWriter();
  w.array(topics, (w, topic) => {
    w.string(topic.name);
    w.array(topic.partitions, (w, partition) => {
      const committed = broker.offsets.get(groupId, topic.name, partition);
      w.int32(partition)
        .int64(committed?.offset ?? -1n)
        .string(committed?.metadata ?? '')
        .int16(ErrorCode.NONE);
    });
  });
  return w.toBuffer();
}
