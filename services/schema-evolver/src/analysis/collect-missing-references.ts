import { findColumn, findTable } from '@shadowtune/shared/schema-model/find-table';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { tableKeyOf } from '../usage/table-key-of.js';
import { canonicalTypeName } from './canonical-type-name.js';
import type { MissingReference, MissingTable } from './data-analysis-results.js';
import { typeOfParameterClass } from './type-of-parameter-class.js';
import type { UsedStatement } from './used-statement.js';

interface Group {
  readonly reference: Pick<MissingReference, 'table' | 'tableKnown' | 'column'>;
  casts: Set<string>;
  joined: Set<string>;
  classes: Set<string>;
  calls: number;
  weight: number;
  fingerprints: Set<string>;
}

/**
 * Columns and tables the workload uses that the schema does not have (an application
 * ahead of its schema, or a persona's expected access), with a type guessed from what the
 * statements do with them: a cast, the column they are joined with, or the profile of the
 * values bound to them. Without any hint the guess is text.
 */
export function collectMissingReferences(used: readonly UsedStatement[], model: SchemaModel): { references: MissingReference[]; tables: MissingTable[] } {
  const groups = new Map<string, Group>();
  const tables = new Map<string, MissingTable & { fingerprints: string[] }>();
  for (const entry of used) {
    const profiles = new Map(entry.statement.parameters.map((p) => [p.position, p]));
    for (const table of entry.usage.missingTables) {
      const key = tableKeyOf(table);
      const known = tables.get(key) ?? { table, calls: 0, weight: 0, fingerprints: [] };
      tables.set(key, { ...known, calls: known.calls + entry.statement.calls, weight: known.weight + entry.weight, fingerprints: [...known.fingerprints, entry.statement.fingerprint] });
    }
    for (const missing of entry.usage.missingColumns) {
      const key = `${tableKeyOf(missing.table)}\u0000${missing.column}`;
      const group =
        groups.get(key) ??
        ({ reference: { table: missing.table, tableKnown: missing.tableKnown, column: missing.column }, casts: new Set(), joined: new Set(), classes: new Set(), calls: 0, weight: 0, fingerprints: new Set() } satisfies Group);
      if (missing.castType !== null) group.casts.add(canonicalTypeName(missing.castType));
      if (missing.joinedWith !== null) {
        const table = findTable(model, missing.joinedWith.table.schema, missing.joinedWith.table.name);
        const column = table === null ? null : findColumn(table, missing.joinedWith.column);
        if (column !== null) group.joined.add(column.dataType);
      }
      for (const position of missing.params) {
        const type = profiles.get(position) ? typeOfParameterClass(profiles.get(position)!.typeClass) : null;
        if (type !== null) group.classes.add(type);
      }
      if (!group.fingerprints.has(entry.statement.fingerprint)) {
        group.fingerprints.add(entry.statement.fingerprint);
        group.calls += entry.statement.calls;
        group.weight += entry.weight;
      }
      groups.set(key, group);
    }
  }
  const references = [...groups.values()].map((g): MissingReference => {
    const single = (set: Set<string>) => (set.size === 1 ? [...set][0]! : null);
    const cast = single(g.casts);
    const joined = single(g.joined);
    const profiled = single(g.classes);
    const [guessedType, typeEvidence]: [string, MissingReference['typeEvidence']] =
      cast !== null ? [cast, 'cast'] : joined !== null ? [joined, 'joined-column'] : profiled !== null ? [profiled, 'parameter-profile'] : ['text', 'none'];
    return { ...g.reference, guessedType, typeEvidence, calls: g.calls, weight: g.weight, fingerprints: [...g.fingerprints] };
  });
  return { references: references.sort((a, b) => b.weight - a.weight), tables: [...tables.values()].sort((a, b) => b.weight - a.weight) };
}
