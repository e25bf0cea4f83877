import type { RequestContext } from './broker-context.js';
import { ErrorCode } from './error-code.js';
import type { ProtocolReader } from './protocol-reader.js';
import { ProtocolWriter } from './protocol-writer.js';

/** DescribeGroups v0. A group known only by its committed offsets is Empty; an unknown one is Dead. */
export function handleDescribeGroups(r: ProtocolReader, { broker }: RequestContext): Buffer {
  const groupIds = r.array((r) => r.string());
  const w = new ProtocolWriter();
  w.array(groupIds, (w, groupId) => {
    const group = broker.groups.find(groupId);
    const hasOffsets = broker.offsets.committed(groupId).size > 0;
    const state = group ? group.state : hasOffsets ? 'Empty' : 'Dead';
    w.int16(ErrorCode.NONE).string(groupId).string(state);
    w.string(group?.protocolType ?? '').string(group?.state === 'Stable' || group?.state === 'CompletingRebalance' ? (group.protocol ?? '') : '');
    const members = group ? [...group.members.values()] : [];
    w.array(members, (w, m) => {
      const metadata = m.protocols.find((p) => p.name === group?.protocol)?.metadata ?? Buffer.alloc(0);
      w.string(m.memberId).string(m.clientId).string(m.clientHost).bytes(metadata).bytes(m.assignment);
    });
  });
  return w.toBuffer();
}
