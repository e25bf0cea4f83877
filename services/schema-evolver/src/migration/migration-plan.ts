/** One step of a migration: what the migration deployer runs, and how to undo it. */
export interface MigrationStep {
  /** expand: additive, the application sees no difference; switch: the application now sees the new shape. */
  readonly phase: 'expand' | 'switch';
  readonly description: string;
  /** One migration-deployer step (see classifyMigrationStep). */
  readonly up: string;
  /** Steps undoing this one, run in order after the later steps were undone. */
  readonly undo: readonly string[];
}

/** A read-only query run on production before applying: it must return no row. */
export interface Precheck {
  readonly description: string;
  readonly sql: string;
}

/** A reversible migration generated from a schema change's structure. */
export interface MigrationPlan {
  readonly steps: readonly MigrationStep[];
  readonly prechecks: readonly Precheck[];
}
