import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { validatePersonaDefinition } from '@shadowtune/shared/personas/validate-persona-definition';

describe('README examples', () => {
  it('examples/todo-list-persona.json is a valid persona draft', async () => {
    const draft = JSON.parse(readFileSync(new URL('../examples/todo-list-persona.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    const result = await validatePersonaDefinition({ ...draft, version: 1 });
    assert.equal(result.ok, true, result.ok ? '' : JSON.stringify(result.issues));
  });
});
