import type { RequestContext } from './broker-context.js';
import { ErrorCode } from './error-code.js';
import { isValidTopicName } from './is-valid-topic-name.js';
import type { ProtocolReader } from './protocol-reader.js';
import { ProtocolWriter } from './protocol-writer.js';

/** CreateTopics v0. -1 partitions or replication factor means the broker default; there is one replica. */
export function handleCreateTopics(r: ProtocolReader, { broker }: RequestContext): Buffer {
  const topics = r.array((r) => ({
    name: r.string(),
    numPartitions: r.int32(),
    replicationFactor: r.int16(),
    assignments: r.array((r) => ({ partition: r.int32(), replicas: r.array((r) => r.int32()) })),
    configs: r.array((r) => ({ name: r.string(), value: r.nullableString() })),
  }));
  r.int32(); // timeout: creation is immediate
  const w = new ProtocolWriter();
  w.array(topics, (w, topic) => {
    const partitions = topic.numPartitions === -1 && topic.assignments.length > 0 ? topic.assignments.length : topic.numPartitions;
    let error: number = ErrorCode.NONE;
    if (!isValidTopicName(topic.name)) error = ErrorCode.INVALID_TOPIC_EXCEPTION;
    else if (broker.topics.get(topic.name)) error = ErrorCode.TOPIC_ALREADY_EXISTS;
    else if (partitions === 0 || partitions < -1) error = ErrorCode.INVALID_PARTITIONS;
    else if (topic.replicationFactor !== -1 && topic.replicationFactor !== 1) error = ErrorCode.INVALID_REPLICATION_FACTOR;
    else broker.topics.create(topic.name, partitions === -1 ? broker.defaultPartitions : partitions);
    w.string(topic.name).int16(error);
  });
  return w.toBuffer();
}
