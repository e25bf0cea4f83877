/**
 * Task type name of Schema Evolution. The engine runs it once a worker has a handler for
 * it: the schema-evolver registers its TaskType under this name (see TaskTypeRegistry).
 * Until then such tasks stay pending; nothing here pretends to evolve a schema.
 */
export const SCHEMA_EVOLUTION_TASK = 'schema-evolution';
