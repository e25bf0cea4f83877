import { ErrorCode } from './error-code.js';
import { ProtocolWriter } from './protocol-writer.js';

export interface ApiVersionRange {
  apiKey: number;
  minVersion: number;
  maxVersion: number;
}

/**
 * ApiVersions v0–v2 (empty request). The answer uses the layout of the version asked for;
 * kafkajs downgrades only when it sees UNSUPPORTED_VERSION, which a newer request gets in
 * the v0 layout as Kafka does.
 */
export function handleApiVersions(apiVersion: number, supported: readonly ApiVersionRange[]): Buffer {
  const w = new ProtocolWriter();
  w.int16(apiVersion > 2 ? ErrorCode.UNSUPPORTED_VERSION : ErrorCode.NONE);
  w.array(supported, (w, api) => w.int16(api.apiKey).int16(api.minVersion).int16(api.maxVersion));
  if (apiVersion >= 1 && apiVersion <= 2) w.int32(0);
  return w.toBuffer();
}
