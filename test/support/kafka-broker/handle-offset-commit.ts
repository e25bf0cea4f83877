import type { RequestContext } from './broker-context.js';
import { ErrorCode } from './error-code.js';
import type { ProtocolReader } from './protocol-reader.js';
import { ProtocolWriter } from './protocol-writer.js';

/**
 * OffsetCommit v2. Group membership is checked first (as Kafka does); negative offsets are
 * stored as sent because kafkajs commits -1/-2 to reset after OFFSET_OUT_OF_RANGE.
 */
export function handleOffsetCommit(r: ProtocolReader, { broker }: RequestContext): Buffer {
  const groupId = r.string();
  const generationId = r.int32();
  const memberId = r.string();
  r.int64(); // retention_time: committed offsets never expire here
  const topics = r.array((r) => ({
    name: r.string(),
    partitions: r.array((r) => ({ partition: r.int32(), offset: r.int64(), metadata: r.nullableString() })),
  }));
  const group = broker.groups.find(groupId);
  let groupError: number;
  if (groupId === '') groupError = ErrorCode.INVALID_GROUP_ID;
  else if (group) groupError = group.checkCommit(generationId, memberId);
  else groupError = generationId < 0 ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;

  const accepted: { topic: string; partition: number; offset: bigint; metadata: string | null }[] = [];
  const w = new ProtocolWriter();
  w.array(topics, (w, topic) => {
    w.string(topic.name);
    w.array(topic.partitions, (w, p) => {
      let error = groupError;
      if (error === ErrorCode.NONE && !broker.topics.partition(topic.name, p.partition)) error = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
      if (error === ErrorCode.NONE) accepted.push({ topic: topic.name, ...p });
      w.int32(p.partition).int16(error);
    });
  });
  broker.offsets.commit(groupId, accepted);
  return w.toBuffer();
}
