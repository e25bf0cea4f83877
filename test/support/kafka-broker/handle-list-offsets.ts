import type { RequestContext } from './broker-context.js';
import { ErrorCode } from './error-code.js';
import type { ProtocolReader } from './protocol-reader.js';
import { ProtocolWriter } from './protocol-writer.js';

const LATEST = -1n;
const EARLIEST = -2n;

/** ListOffsets v1: latest (-1), earliest (-2), or the first record at or after a timestamp. */
export function handleListOffsets(r: ProtocolReader, { broker }: RequestContext): Buffer {
  r.int32(); // replica_id
  const topics = r.array((r) => ({
    name: r.string(),
    partitions: r.array((r) => ({ partition: r.int32(), timestamp: r.int64() })),
  }));
  const w = new ProtocolWriter();
  w.array(topics, (w, topic) => {
    w.string(topic.name);
    w.array(topic.partitions, (w, { partition, timestamp }) => {
      const log = broker.topics.partition(topic.name, partition);
      w.int32(partition);
      if (!log) {
        w.int16(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION).int64(-1n).int64(-1n);
      } else if (timestamp === LATEST) {
        w.int16(ErrorCode.NONE).int64(-1n).int64(log.logEndOffset);
      } else if (timestamp === EARLIEST) {
        w.int16(ErrorCode.NONE).int64(-1n).int64(log.logStartOffset);
      } else {
        // No match is offset -1 / timestamp -1, as Kafka answers.
        const found = log.findByTimestamp(timestamp);
        w.int16(ErrorCode.NONE).int64(found?.timestamp ?? -1n).int64(found?.offset ?? -1n);
      }
    });
  });
  return w.toBuffer();
}
