import { ShadowtuneError } from '../errors/shadowtune-error.js';
import type { TaskType } from './task-type.js';

export interface TaskTypeRegistry {
  /** Adds a task type; a worker claims only tasks of registered types. */
  register(taskType: TaskType): void;
  get(type: string): TaskType | undefined;
  types(): readonly string[];
}

/** The task types one worker can run. Services register theirs (the schema-evolver adds schema-evolution). */
export function createTaskTypeRegistry(initial: readonly TaskType[] = []): TaskTypeRegistry {
  const byType = new Map<string, TaskType>();
  const registry: TaskTypeRegistry = {
    register(taskType) {
      if (!/^[a-z][a-z0-9-]{1,62}$/.test(taskType.type)) {
        throw new ShadowtuneError('INPUT_INVALID', `task type ${taskType.type} must be lowercase letters, digits and dashes`);
      }
      if (byType.has(taskType.type)) throw new ShadowtuneError('CONFLICT', `task type ${taskType.type} is already registered`);
      if (!Number.isInteger(taskType.maxAttempts) || taskType.maxAttempts < 1) {
        throw new ShadowtuneError('INPUT_INVALID', `task type ${taskType.type} needs maxAttempts >= 1`);
      }
      byType.set(taskType.type, taskType);
    },
    get: (type) => byType.get(type),
    types: () => [...byType.keys()],
  };
  for (const taskType of initial) registry.register(taskType);
  return registry;
}
