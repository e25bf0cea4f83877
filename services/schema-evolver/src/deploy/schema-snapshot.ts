import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';

/** A routine (function) of the application's schemas, with its full definition. */
export interface RoutineSnapshot {
  readonly schema: string;
  readonly name: string;
  readonly definition: string;
}

/** A trigger of an application table, with its definition. */
export interface TriggerSnapshot {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  readonly definition: string;
}

/**
 * What a rollback must restore: the schema model (tables, columns, constraints, indexes,
 * partitioning...) plus the functions and triggers the model does not describe (the
 * migrations create some).
 */
export interface SchemaSnapshot {
  readonly model: SchemaModel;
  readonly routines: readonly RoutineSnapshot[];
  readonly triggers: readonly TriggerSnapshot[];
}
