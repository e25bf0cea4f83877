import type { RequestContext } from './broker-context.js';
import { ErrorCode } from './error-code.js';
import { isValidTopicName } from './is-valid-topic-name.js';
import type { ProtocolReader } from './protocol-reader.js';
import { ProtocolWriter } from './protocol-writer.js';

/**
 * Metadata v1: one node that leads every partition and is the controller. A null topic list
 * means all topics; unknown requested topics are auto-created when allowed, because kafkajs
 * throws on the first topic error it sees.
 */
export function handleMetadata(r: ProtocolReader, { broker }: RequestContext): Buffer {
  const requested = r.nullableArray((r) => r.string());
  const names = requested ?? broker.topics.names();
  const w = new ProtocolWriter();
  w.array([broker.nodeId], (w, id) => w.int32(id).string(broker.advertisedHost).int32(broker.advertisedPort).string(null));
  w.int32(broker.nodeId);
  w.array(names, (w, name) => {
    let logs = broker.topics.get(name);
    if (!logs && isValidTopicName(name) && broker.autoCreateTopics) {
      broker.topics.create(name, broker.defaultPartitions);
      logs = broker.topics.get(name);
    }
    if (!logs) {
      const error = isValidTopicName(name) ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : ErrorCode.INVALID_TOPIC_EXCEPTION;
      w.int16(error).string(name).boolean(false).array([], () => {});
      return;
    }
    w.int16(ErrorCode.NONE).string(name).boolean(false);
    w.array(
      logs.map((_, partition) => partition),
      (w, partition) => {
        w.int16(ErrorCode.NONE).int32(partition).int32(broker.nodeId);
        w.array([broker.nodeId], (w, id) => w.int32(id)); // replicas
        w.array([broker.nodeId], (w, id) => w.int32(id)); // isr
      },
    );
  });
  return w.toBuffer();
}
