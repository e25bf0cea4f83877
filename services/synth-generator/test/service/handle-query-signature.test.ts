import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { QuerySignature } from '@shadowtune/shared/contracts/generated-types';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { createParameterProfileStore } from '../../src/service/create-parameter-profile-store.js';
import { createSchemaSource } from '../../src/service/create-schema-source.js';
import { handleQuerySignature } from '../../src/service/handle-query-signature.js';

const model: SchemaModel = {
  version: 'v1',
  serverVersion: 150000,
  enums: [],
  domains: [],
  sequences: [],
  extensions: [],
  tables: [{ schema: 'public', name: 'orders', kind: 'table', columns: [], primaryKey: null, uniqueConstraints: [], checks: [], foreignKeys: [], indexes: [], partitioning: null, stats: { rowEstimate: 0, pages: 0, totalBytes: 0 } }],
};

function signature(fingerprint: string, relations: string[], topShare = 0.5): QuerySignature {
  return {
    eventId: `e-${fingerprint}-${relations.join()}`,
    fingerprint,
    normalizedSql: 'SELECT 1',
    statementKind: 'SELECT',
    relations,
    parsed: true,
    flags: [],
    source: 'OTHER',
    sourcePosition: null,
    observedAt: 0,
    calls: 1,
    samplingWeight: 1,
    durationMs: null,
    totalDurationMs: null,
    rows: null,
    tags: { database: null, user: null, application: null, client: null, session: null, comment: {} },
    parameters: [{ position: 1, typeClass: 'INTEGER', sampleCount: 10, topShare, distinctEstimate: 4 }],
    plan: null,
  };
}

const event = (value: QuerySignature) => ({ topic: 'query.signatures' as const, key: value.fingerprint, value, partition: 0, offset: '0', timestamp: 0, headers: {} });

describe('handleQuerySignature', () => {
  it('keeps the latest parameter profiles per fingerprint, bounded', async () => {
    const profiles = createParameterProfileStore(2);
    const handle = handleQuerySignature(profiles, null);
    await handle(event(signature('a', [], 0.1)));
    await handle(event(signature('a', [], 0.9)));
    await handle(event(signature('b', [])));
    await handle(event(signature('c', [])));
    assert.deepEqual(profiles.profilesFor('a'), []);
    assert.equal(profiles.profilesFor('c')[0]?.topShare, 0.5);
  });

  it('marks the production schema stale when a signature names an unknown relation', async () => {
    let loads = 0;
    const schema = createSchemaSource(async () => {
      loads += 1;
      return model;
    }, 3_600_000);
    await schema.get();
    const handle = handleQuerySignature(createParameterProfileStore(10), schema);
    await handle(event(signature('a', ['public.orders'])));
    await schema.get();
    assert.equal(loads, 1, 'a known relation does not trigger a re-read');
    await handle(event(signature('a', ['public.refunds'])));
    await schema.get();
    assert.equal(loads, 2, 'an unknown relation makes the next get() re-read');
  });
});
