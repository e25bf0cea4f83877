import type { RequestContext } from './broker-context.js';
import { ErrorCode } from './error-code.js';
import type { ProtocolReader } from './protocol-reader.js';
import { ProtocolWriter } from './protocol-writer.js';

/** FindCoordinator v0: the single node coordinates every group. */
export function handleFindCoordinator(r: ProtocolReader, { broker }: RequestContext): Buffer {
  r.string(); // group_id
  return new ProtocolWriter()
    .int16(ErrorCode.NONE)
    .int32(broker.nodeId)
    .string(broker.advertisedHost)
    .int32(broker.advertisedPort)
    .toBuffer();
}
