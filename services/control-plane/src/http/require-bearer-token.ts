import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * onRequest hook: every write (any method but GET, HEAD, OPTIONS) needs
 * `Authorization: Bearer <apiToken>`, checked before the body is read. With no token
 * configured, writes are refused rather than open.
 */
export function requireBearerToken(apiToken: string | null): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const expected = apiToken === null ? null : digest(apiToken);
  return async (request, reply) => {
    if (READ_METHODS.has(request.method)) return;
    void reply.header('www-authenticate', 'Bearer realm="shadowtune"');
    if (expected === null) {
      throw new ShadowtuneError('UNAUTHORIZED', 'writes are disabled: no API token is configured (services.controlPlane.apiToken / SHADOWTUNE_API_TOKEN)');
    }
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    // Comparing fixed-length digests keeps the check constant-time whatever the token length.
    if (!match || !timingSafeEqual(digest(match[1]!), expected)) {
      throw new ShadowtuneError('UNAUTHORIZED', match ? 'the bearer token is not valid' : 'this request needs an Authorization: Bearer <token> header');
    }
  };
}
