import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ShadowtuneError } from '../../src/errors/shadowtune-error.js';
import { DEFAULT_BACKOFF, type TaskType } from '../../src/workflows/task-type.js';
import { createTaskTypeRegistry } from '../../src/workflows/task-type-registry.js';
import { SCHEMA_EVOLUTION_TASK } from '../../src/workflows/tasks/schema-evolution-task.js';

const taskType = (type: string, maxAttempts = 3): TaskType => ({ type, maxAttempts, backoff: DEFAULT_BACKOFF, run: async () => null });

describe('createTaskTypeRegistry', () => {
  it('registers task types, including one a later service adds (schema evolution)', () => {
    const registry = createTaskTypeRegistry([taskType('persona-creation')]);
    registry.register(taskType(SCHEMA_EVOLUTION_TASK));
    assert.deepEqual(registry.types(), ['persona-creation', 'schema-evolution']);
    assert.equal(registry.get('schema-evolution')?.maxAttempts, 3);
    assert.equal(registry.get('unknown'), undefined);
  });

  it('refuses duplicates, bad names and attempts below one', () => {
    const registry = createTaskTypeRegistry([taskType('persona-creation')]);
    assert.throws(() => registry.register(taskType('persona-creation')), (e: unknown) => e instanceof ShadowtuneError && e.code === 'CONFLICT');
    assert.throws(() => registry.register(taskType('Bad Name')), (e: unknown) => e instanceof ShadowtuneError && e.code === 'INPUT_INVALID');
    assert.throws(() => registry.register(taskType('zero-attempts', 0)), (e: unknown) => e instanceof ShadowtuneError && e.code === 'INPUT_INVALID');
  });
});
