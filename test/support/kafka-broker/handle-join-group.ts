import type { RequestContext } from './broker-context.js';
import { ErrorCode } from './error-code.js';
import type { ProtocolReader } from './protocol-reader.js';
import { ProtocolWriter } from './protocol-writer.js';

/** JoinGroup v1. Parks until the rebalance completes; only the leader receives the member list. */
export async function handleJoinGroup(r: ProtocolReader, { broker, clientId, clientHost }: RequestContext): Promise<Buffer> {
  const groupId = r.string();
  const sessionTimeoutMs = r.int32();
  const rebalanceTimeoutMs = r.int32();
  const memberId = r.string();
  const protocolType = r.string();
  const protocols = r.array((r) => ({ name: r.string(), metadata: r.bytes() }));
  const result =
    groupId === ''
      ? { errorCode: ErrorCode.INVALID_GROUP_ID, generationId: -1, protocol: '', leaderId: '', memberId, members: [] }
      : await broker.groups.group(groupId).join({
          sessionTimeoutMs,
          rebalanceTimeoutMs,
          memberId,
          protocolType,
          // Copied: the request frame is not ours to keep for the life of the group.
          protocols: protocols.map((p) => ({ name: p.name, metadata: Buffer.from(p.metadata) })),
          clientId: clientId ?? '',
          clientHost,
        });
  const w = new ProtocolWriter();
  w.int16(result.errorCode).int32(result.generationId).string(result.protocol).string(result.leaderId).string(result.memberId);
  w.array(result.members, (w, m) => w.string(m.memberId).bytes(m.metadata));
  return w.toBuffer();
}
