import { isUtf8 } from 'node:buffer';
import { promisify } from 'node:util';
import { gunzip, inflate } from 'node:zlib';
import { HttpInputError } from './http-input-error.js';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

export interface DecodedBody {
  readonly text: string;
  readonly invalidUtf8: boolean;
}

/** Undoes Content-Encoding (gzip, deflate, identity) within `limit` bytes and decodes UTF-8. */
export async function decodeRequestBody(body: Buffer, contentEncoding: string | undefined, limit: number): Promise<DecodedBody> {
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  let bytes: Buffer;
  if (encoding === 'identity' || encoding === '') {
    bytes = body;
  } else if (encoding === 'gzip' || encoding === 'x-gzip' || encoding === 'deflate') {
    try {
      bytes = encoding === 'deflate' ? await inflateAsync(body, { maxOutputLength: limit }) : await gunzipAsync(body, { maxOutputLength: limit });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new HttpInputError(413, `decompressed body is larger than ${limit} bytes`);
      throw new HttpInputError(400, `body is not valid ${encoding}`);
    }
  } else {
    throw new HttpInputError(415, `unsupported Content-Encoding '${encoding.replace(/[^a-z0-9-]/g, '?').slice(0, 32)}' (gzip, deflate or identity)`);
  }
  return { text: bytes.toString('utf8'), invalidUtf8: !isUtf8(bytes) };
}
