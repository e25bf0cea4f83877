import type { ProductionValueColumn } from '@shadowtune/shared/contracts/generated-types';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';

/**
 * The shadow's model with most common values kept only on the columns where they are
 * production's (the dataset record says which): elsewhere the shadow's values are
 * synthetic and must never become a partial index's predicate.
 */
export function keepProductionValues(model: SchemaModel, columns: readonly ProductionValueColumn[]): SchemaModel {
  const real = new Set(columns.map((c) => JSON.stringify([c.schema, c.table, c.column])));
  return {
    ...model,
    tables: model.tables.map((table) => ({
      ...table,
      columns: table.columns.map((column) =>
        column.stats === null || column.stats.mostCommonValues == null || real.has(JSON.stringify([table.schema, table.name, column.name]))
          ? column
          : { ...column, stats: { ...column.stats, mostCommonValues: null } },
      ),
    })),
  };
}
