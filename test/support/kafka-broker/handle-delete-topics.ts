import type { RequestContext } from './broker-context.js';
import { ErrorCode } from './error-code.js';
import type { ProtocolReader } from './protocol-reader.js';
import { ProtocolWriter } from './protocol-writer.js';

/** DeleteTopics v0: removes the log (files included) and the topic's committed offsets. */
export function handleDeleteTopics(r: ProtocolReader, { broker }: RequestContext): Buffer {
  const names = r.array((r) => r.string());
  r.int32(); // timeout: deletion is immediate
  const w = new ProtocolWriter();
  w.array(names, (w, name) => {
    const deleted = broker.topics.delete(name);
    if (deleted) broker.offsets.deleteTopic(name);
    w.string(name).int16(deleted ? ErrorCode.NONE : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });
  return w.toBuffer();
}
