import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configSchema } from '@shadowtune/shared/config/config-schema';
import { evolverRetentionRules } from '../../src/catalog/evolver-retention-rules.js';

const DAY_MS = 86_400_000;

describe('evolverRetentionRules', () => {
  it('keeps ids for eventIdDays and samples as long as the windows that read them', () => {
    const config = configSchema.parse({ catalogRetention: { sampleDays: 1, eventIdDays: 3 }, services: { schemaEvolver: { analysis: { windowMs: 9 * DAY_MS } } } });
    const rules = new Map(evolverRetentionRules(config).map((r) => [r.table, r.keepMs]));
    assert.equal(rules.get('evolver_seen_events'), 3 * DAY_MS);
    assert.equal(rules.get('evolver_volume_samples'), 9 * DAY_MS, 'the analysis window outlasts sampleDays');
    assert.equal(rules.get('evolver_latency_samples'), 9 * DAY_MS);
  });
});
