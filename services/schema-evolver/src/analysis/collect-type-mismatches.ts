import { findColumn, findTable } from '@shadowtune/shared/schema-model/find-table';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { tableKeyOf } from '../usage/table-key-of.js';
import { canonicalTypeName } from './canonical-type-name.js';
import type { TypeMismatch } from './data-analysis-results.js';
import { typeOfParameterClass } from './type-of-parameter-class.js';
import type { UsedStatement } from './used-statement.js';

/**
 * Columns the workload compares as another type: through a cast of the column
 * (`ref::int = $1`, which no index on `ref` serves), or — for string columns — with
 * placeholders whose values capture profiled as numbers, times, UUIDs or booleans.
 */
export function collectTypeMismatches(used: readonly UsedStatement[], model: SchemaModel, totalWeight: number): TypeMismatch[] {
  const groups = new Map<string, { mismatch: Omit<TypeMismatch, 'calls' | 'weight' | 'share' | 'fingerprints'>; calls: number; weight: number; fingerprints: Set<string> }>();
  for (const entry of used) {
    const profiles = new Map(entry.statement.parameters.map((p) => [p.position, p]));
    for (const filter of entry.usage.filters) {
      const table = findTable(model, filter.column.table.schema, filter.column.table.name);
      const column = table === null ? null : findColumn(table, filter.column.column);
      if (column === null || column.isArray) continue;
      const currentType = canonicalTypeName(column.dataType);
      let wantedType: string | null = null;
      let evidence: TypeMismatch['evidence'] = 'cast';
      if (filter.castType !== null) {
        wantedType = canonicalTypeName(filter.castType);
      } else if (column.typeCategory === 'S' && filter.params.length > 0 && (filter.operator === 'eq' || filter.operator === 'in' || filter.operator === 'range')) {
        const classes = new Set(filter.params.map((position) => profiles.get(position)?.typeClass ?? null));
        const only = classes.size === 1 ? [...classes][0] : null;
        const type = only ? typeOfParameterClass(only) : null;
        if (type !== null && type !== 'text') {
          wantedType = type;
          evidence = 'parameter-type';
        }
      }
      if (wantedType === null || wantedType === currentType) continue;
      const key = `${tableKeyOf(filter.column.table)}\u0000${filter.column.column}\u0000${wantedType}\u0000${evidence}`;
      const group = groups.get(key) ?? {
        mismatch: { table: filter.column.table, column: filter.column.column, currentType: column.dataType, wantedType, evidence },
        calls: 0,
        weight: 0,
        fingerprints: new Set<string>(),
      };
      if (!group.fingerprints.has(entry.statement.fingerprint)) {
        group.fingerprints.add(entry.statement.fingerprint);
        group.calls += entry.statement.calls;
        group.weight += entry.weight;
      }
      groups.set(key, group);
    }
  }
  return [...groups.values()]
    .map((g) => ({ ...g.mismatch, calls: g.calls, weight: g.weight, share: totalWeight > 0 ? g.weight / totalWeight : 0, fingerprints: [...g.fingerprints] }))
    .sort((a, b) => b.weight - a.weight);
}
