import type { RequestContext } from './broker-context.js';
import { ErrorCode } from './error-code.js';
import { ProtocolWriter } from './protocol-writer.js';

/** ListGroups v0: live groups plus groups that only have committed offsets (e.g. after a restart). */
export function handleListGroups({ broker }: RequestContext): Buffer {
  const groups = new Map<string, string>();
  for (const groupId of broker.offsets.groupIds()) groups.set(groupId, 'consumer');
  for (const group of broker.groups.list()) {
    if (group.members.size > 0 || !groups.has(group.groupId)) groups.set(group.groupId, group.protocolType ?? '');
  }
  const w = new ProtocolWriter();
  w.int16(ErrorCode.NONE);
  w.array([...groups], (w, [groupId, protocolType]) => w.string(groupId).string(protocolType));
  return w.toBuffer();
}
