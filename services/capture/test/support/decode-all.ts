import { createLogDecoder, type LogFormat } from '../../src/log/create-log-decoder.js';
import type { DecodedEntry } from '../../src/log/decoded-entry.js';

/** Decodes a whole input, fed in chunks of `chunkSize` bytes (to exercise chunk boundaries). */
export function decodeAll(format: LogFormat, bytes: Buffer, options: { prefix?: string; chunkSize?: number } = {}): DecodedEntry[] {
  const decoder = createLogDecoder({ format, prefix: options.prefix ?? '%m [%p] %q%u@%d ', identity: 'file:1:2', startOffset: 0, startLine: 1 });
  const entries: DecodedEntry[] = [];
  const size = options.chunkSize ?? bytes.length;
  for (let i = 0; i < bytes.length; i += size) entries.push(...decoder.push(bytes.subarray(i, i + size)));
  entries.push(...decoder.end());
  return entries;
}
