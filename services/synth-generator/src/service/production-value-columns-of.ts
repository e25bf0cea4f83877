import type { ProductionValueColumn } from '@shadowtune/shared/contracts/generated-types';
import type { GenerationPlan } from '../plan/generation-plan.js';

/**
 * The columns whose most common values the plan draws from production's (columns sampled
 * with `commonValues`, which exist only under the productionValues opt-in): the dataset
 * record names them, so a reader of the shadow knows which dominant values are real.
 */
export function productionValueColumnsOf(plan: GenerationPlan): ProductionValueColumn[] {
  return plan.tables.flatMap((table) =>
    table.columns
      .filter((column) => column.source.kind === 'sampled' && (column.source.commonValues?.length ?? 0) > 0 && table.copyColumns.includes(column.name))
      .map((column) => ({ schema: table.schema, table: table.name, column: column.name })),
  );
}
