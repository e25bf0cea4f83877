import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ParameterProfileStore } from '../../src/profiles/parameter-profile-store.js';

describe('ParameterProfileStore', () => {
  it('profiles each placeholder of a fingerprint, without any value in the profile', () => {
    const store = new ParameterProfileStore({ seed: { a: 1, b: 2 }, sketchBudget: 100, maxFingerprints: 100, maxPositions: 10 });
    for (let i = 0; i < 100; i += 1) {
      store.observe('fp', [1, 2], [{ typeClass: 'TEXT', text: i % 4 === 0 ? 'secret-heavy' : `secret-${i}` }, { typeClass: 'INTEGER', text: '7' }]);
    }
    const profiles = store.profilesOf('fp');
    assert.equal(profiles.length, 2);
    assert.deepEqual(profiles[1], { position: 2, typeClass: 'INTEGER', sampleCount: 100, topShare: 1, distinctEstimate: 1 });
    assert.equal(profiles[0]?.typeClass, 'TEXT');
    // 76 distinct values: beyond the 32 exact minimums, so an estimate.
    const estimate = profiles[0]?.distinctEstimate ?? 0;
    assert.ok(estimate > 55 && estimate < 100, `estimate ${estimate}`);
    assert.ok(Math.abs((profiles[0]?.topShare ?? 0) - 0.25) < 0.05);
    assert.ok(!JSON.stringify(profiles).includes('secret'));
    assert.deepEqual(store.profilesOf('unknown'), []);
  });

  it('profiles a fingerprint seen once from that observation alone, and goes on from it when it comes back', () => {
    const store = new ParameterProfileStore({ seed: { a: 1, b: 2 }, sketchBudget: 100, maxFingerprints: 100, maxPositions: 10 });
    store.observe('fp', [1, 1, 1, 2], [{ typeClass: 'INTEGER', text: '1' }, { typeClass: 'INTEGER', text: '2' }, { typeClass: 'INTEGER', text: '1' }, { typeClass: 'NULL', text: null }]);
    assert.deepEqual(store.profilesOf('fp'), [
      { position: 1, typeClass: 'INTEGER', sampleCount: 3, topShare: 2 / 3, distinctEstimate: 2 },
      { position: 2, typeClass: 'NULL', sampleCount: 1, topShare: 1, distinctEstimate: 1 },
    ]);
    assert.deepEqual(store.size, { fingerprints: 0, sketches: 0 }, 'nothing kept for a fingerprint seen once');
    store.observe('fp', [1, 2], [{ typeClass: 'INTEGER', text: '3' }, { typeClass: 'TEXT', text: 'x' }]);
    assert.deepEqual(store.profilesOf('fp'), [
      { position: 1, typeClass: 'INTEGER', sampleCount: 4, topShare: 0.5, distinctEstimate: 3 },
      { position: 2, typeClass: 'TEXT', sampleCount: 2, topShare: 0.5, distinctEstimate: 2 },
    ]);
    assert.deepEqual(store.size, { fingerprints: 1, sketches: 2 });
  });

  it('ignores positions beyond the limit and stays within its budgets, forgetting the least used fingerprints', () => {
    const value = { typeClass: 'TEXT', text: 'x' } as const;
    const store = new ParameterProfileStore({ seed: { a: 1, b: 2 }, sketchBudget: 4, maxFingerprints: 3, maxPositions: 2 });
    for (let i = 0; i < 2; i += 1) store.observe('a', [1, 2, 3], [value, value, value]);
    assert.equal(store.profilesOf('a').length, 2);
    for (let i = 0; i < 2; i += 1) store.observe('b', [1, 2], [value, value]);
    store.observe('a', [1], [value]);
    for (let i = 0; i < 2; i += 1) store.observe('c', [1], [value]);
    assert.ok(store.size.sketches <= 4, `sketches ${store.size.sketches}`);
    assert.equal(store.profilesOf('c').length, 1, 'the fingerprint just observed stays');
    assert.equal([store.profilesOf('a'), store.profilesOf('b')].filter((profiles) => profiles.length === 0).length, 1, 'one of the older ones was forgotten');
    for (const fingerprint of ['d', 'e', 'f', 'g']) store.observe(fingerprint, [1], [value]);
    assert.ok(store.size.fingerprints <= 3);
  });
});
