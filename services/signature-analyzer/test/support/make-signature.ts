import { randomUUID } from 'node:crypto';
import type { QuerySignature } from '@shadowtune/shared/contracts/generated-types';

type Overrides = Partial<Omit<QuerySignature, 'tags'>> & { readonly tags?: Partial<QuerySignature['tags']> };

/** A QuerySignature as capture publishes it, with test defaults. */
export function makeSignature(sql: string, overrides: Overrides = {}): QuerySignature {
  const { tags, ...rest } = overrides;
  return {
    eventId: randomUUID(),
    fingerprint: `fp-${Buffer.from(sql).toString('base64url').slice(0, 40)}`,
    normalizedSql: sql,
    statementKind: 'SELECT',
    relations: [],
    parsed: true,
    flags: [],
    source: 'LOG_STDERR',
    sourcePosition: null,
    observedAt: Date.UTC(2026, 0, 1, 12, 0, 0),
    calls: 1,
    samplingWeight: 1,
    durationMs: 2,
    totalDurationMs: 2,
    rows: 1,
    tags: { database: 'shop', user: 'app', application: 'shop-web', client: null, session: 'session-1', comment: {}, ...tags },
    parameters: [],
    plan: null,
    ...rest,
  };
}
