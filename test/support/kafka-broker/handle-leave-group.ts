import type { RequestContext } from './broker-context.js';
import { ErrorCode } from './error-code.js';
import type { ProtocolReader } from './protocol-reader.js';
import { ProtocolWriter } from './protocol-writer.js';

/** LeaveGroup v0: the member is gone at once and the rest rebalance. */
export function handleLeaveGroup(r: ProtocolReader, { broker }: RequestContext): Buffer {
  const groupId = r.string();
  const memberId = r.string();
  const group = broker.groups.find(groupId);
  const error = group ? group.leave(memberId) : ErrorCode.UNKNOWN_MEMBER_ID;
  return new ProtocolWriter().int16(error).toBuffer();
}
