import type { RequestContext } from './broker-context.js';
import { ErrorCode } from './error-code.js';
import type { ProtocolReader } from './protocol-reader.js';
import { ProtocolWriter } from './protocol-writer.js';

/** SyncGroup v0. Followers park until the leader's SyncGroup brings everyone's assignment. */
export async function handleSyncGroup(r: ProtocolReader, { broker }: RequestContext): Promise<Buffer> {
  const groupId = r.string();
  const generationId = r.int32();
  const memberId = r.string();
  const assignments = new Map(r.array((r) => [r.string(), Buffer.from(r.bytes())] as const));
  const group = broker.groups.find(groupId);
  const result = group
    ? await group.sync(generationId, memberId, assignments)
    : { errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: Buffer.alloc(0) };
  return new ProtocolWriter().int16(result.errorCode).bytes(result.assignment).toBuffer();
}
