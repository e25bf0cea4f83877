import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { configLeaves } from '../../src/config/config-leaves.js';
import { envNameOf } from '../../src/config/env-name-of.js';
import { replaceConfigTable } from '../../src/config/replace-config-table.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe("the README's configuration table", () => {
  it('is the one rendered from the config schema (npm run generate)', () => {
    assert.equal(readme, replaceConfigTable(readme), 'README.md configuration table is stale: run npm run generate');
  });

  it('documents every key with its environment variable', () => {
    for (const leaf of configLeaves()) {
      assert.ok(readme.includes(`\`${leaf.path.join('.')}\``), leaf.path.join('.'));
      assert.ok(readme.includes(`\`${envNameOf(leaf.path)}\``), envNameOf(leaf.path));
      assert.ok(leaf.description.length > 0, `${leaf.path.join('.')} has a description`);
    }
  });
});
