import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ParameterProfileStore } from '../../src/profiles/parameter-profile-store.js';

describe('ParameterProfileStore', () => {
  it('profiles each placeholder of a fingerprint, without any value in the profile', () => {
    const store = new ParameterProfileStore({ seed: { a: 1, b: 2 }, sketchBudget: 100, maxPositions: 10 });
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

  it('ignores positions beyond the limit and stays within its sketch budget, forgetting the oldest fingerprints', () => {
    const store = new ParameterProfileStore({ seed: { a: 1, b: 2 }, sketchBudget: 4, maxPositions: 2 });
    store.observe('a', [1, 2, 3], [{ typeClass: 'TEXT', text: 'x' }, { typeClass: 'TEXT', text: 'y' }, { typeClass: 'TEXT', text: 'z' }]);
    assert.equal(store.profilesOf('a').length, 2);
    store.observe('b', [1, 2], [{ typeClass: 'TEXT', text: 'x' }, { typeClass: 'TEXT', text: 'y' }]);
    store.observe('a', [1], [{ typeClass: 'TEXT', text: 'x' }]);
    store.observe('c', [1], [{ typeClass: 'TEXT', text: 'x' }]);
    assert.deepEqual(store.size, { fingerprints: 2, sketches: 3 });
    assert.deepEqual(store.profilesOf('b'), []);
    assert.equal(store.profilesOf('a').length, 2);
  });
});
