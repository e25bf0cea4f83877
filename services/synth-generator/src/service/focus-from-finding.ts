import type { ParameterProfile, QueryFinding } from '@shadowtune/shared/contracts/generated-types';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import type { DatasetFocus } from '../plan/dataset-focus.js';
import { mapPlaceholderColumns } from './map-placeholder-columns.js';

/**
 * What a finding asks the dataset to concentrate on: the experiment's tables (deep, with the
 * suggested rows) and the tables of the columns it names, the experiment's skew targets,
 * the columns and their roles, and — when capture profiled the fingerprint's literals —
 * each profiled placeholder's column with its top share and distinct estimate.
 */
export function focusFromFinding(finding: QueryFinding, model: SchemaModel, profiles: readonly ParameterProfile[]): DatasetFocus {
  const deep = new Map<string, { schema: string; table: string; suggestedRows: number | null }>();
  for (const t of finding.experiment.tables) deep.set(`${t.schema}.${t.table}`, { schema: t.schema, table: t.table, suggestedRows: t.rows > 0 ? t.rows : null });
  for (const c of finding.columns) if (!deep.has(`${c.schema}.${c.table}`)) deep.set(`${c.schema}.${c.table}`, { schema: c.schema, table: c.table, suggestedRows: null });
  const placeholders = profiles.length === 0 ? [] : mapPlaceholderColumns(finding.normalizedSql, model);
  const parameterProfiles = profiles.flatMap((profile) => {
    const column = placeholders.find((p) => p.position === profile.position);
    if (column === undefined || profile.sampleCount === 0 || profile.typeClass === 'NULL') return [];
    return [{ schema: column.schema, table: column.table, column: column.column, topShare: profile.topShare, distinctEstimate: profile.distinctEstimate }];
  });
  return {
    deepTables: [...deep.values()],
    skewTargets: finding.experiment.skew.map((s) => ({ schema: s.schema, table: s.table, column: s.column, factor: s.factor })),
    findingColumns: finding.columns.map((c) => ({ schema: c.schema, table: c.table, column: c.column, role: c.role, operator: c.operator })),
    parameterProfiles,
  };
}
