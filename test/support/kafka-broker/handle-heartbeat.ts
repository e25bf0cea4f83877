import type { RequestContext } from './broker-context.js';
import { ErrorCode } from './error-code.js';
import type { ProtocolReader } from './protocol-reader.js';
import { ProtocolWriter } from './protocol-writer.js';

/** Heartbeat v0: how kafkajs learns a rebalance started (27) or that it was dropped (25/22). */
export function handleHeartbeat(r: ProtocolReader, { broker }: RequestContext): Buffer {
  const groupId = r.string();
  const generationId = r.int32();
  const memberId = r.string();
  const group = broker.groups.find(groupId);
  const error = group ? group.heartbeat(generationId, memberId) : ErrorCode.UNKNOWN_MEMBER_ID;
  return new ProtocolWriter().int16(error).toBuffer();
}
