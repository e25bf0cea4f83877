import type { ColumnModel, SchemaModel, TableModel } from '@shadowtune/shared/schema-model/schema-model';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { collectColumnConstraints, type ColumnConstraints } from '../generate/column-constraints.js';
import { createValueSpace } from '../generate/create-value-space.js';
import type { TimeSpan } from '../generate/time-span.js';
import type { ValueSpace } from '../generate/value-space.js';
import type { CheckRule } from '../schema/check-rule.js';
import { parseCheckExpression } from '../schema/parse-check-expression.js';
import { resolveColumnType } from '../schema/resolve-column-type.js';
import { SHADOW_MARKER_SCHEMA } from '../schema/shadow-marker-schema.js';
import { chooseDistribution } from './choose-distribution.js';
import { commonValuesObstacle } from '@shadowtune/shared/schema-model/common-values-obstacle';
import type { DatasetFocus } from './dataset-focus.js';
import type { ColumnPlan, ColumnSource, ForeignKeyPlan, GenerationPlan, ParentRowChoice, TablePlan } from './generation-plan.js';
import { orderPair, type OrderPairDraft } from './order-pair.js';
import { orderLoadUnits, type DependencyEdge } from './order-load-units.js';
import { partitionKeyConstraints } from './partition-key-constraints.js';
import { uniqueColumnSets } from '@shadowtune/shared/schema-model/unique-column-sets';
import { planUniqueKeys, type UniqueKeyColumn } from './plan-unique-keys.js';
import { planVolume, type VolumeSettings } from './plan-volume.js';
import { resolveDistinctCount } from './resolve-distinct-count.js';

export interface PlanDatasetInput {
  readonly model: SchemaModel;
  readonly seed: number;
  /** DataSkewFactor: Zipf exponent of finding columns and FK fan-out without production statistics. */
  readonly skewFactor: number;
  readonly volume: VolumeSettings;
  /** What the finding touches; null fills every table deeply (the CLI without a finding). */
  readonly focus: DatasetFocus | null;
  /** Probability that correlated columns take the same rank in a row. */
  readonly correlation: number;
  readonly timeSpan: TimeSpan;
}

const tableKey = (schema: string, name: string): string => `${schema}.${name}`;

function serverFilled(column: ColumnModel): 'identity' | 'generated' | 'sequence-default' | null {
  if (column.identity !== null) return 'identity';
  if (column.generatedExpression !== null) return 'generated';
  if (column.defaultExpression !== null && /^nextval\(/i.test(column.defaultExpression.trim())) return 'sequence-default';
  return null;
}

interface ParsedTableCheck {
  readonly name: string;
  readonly definition: string;
  readonly columns: readonly string[];
  readonly rules: readonly CheckRule[];
  readonly fullyInterpreted: boolean;
}

function parseTableChecks(table: TableModel): ParsedTableCheck[] {
  return table.checks.map((check) => {
    const parsed = parseCheckExpression(check.definition);
    return { name: check.name, definition: check.definition, columns: check.columns, rules: parsed.rules, fullyInterpreted: parsed.fullyInterpreted };
  });
}

/**
 * Decides everything about a dataset before a row is generated: which tables load, in
 * which order and units, how many rows, and for every column where its values come from
 * (server, row index, key digits, parent rows, a distribution) and why. Pure: the same
 * model, focus and settings give the same plan. Requires loadSqlParser().
 */
export function planDataset(input: PlanDatasetInput): GenerationPlan {
  const { model, focus, seed } = input;
  const notes: string[] = [];
  const skipped: { schema: string; name: string; reason: string }[] = [];
  const loadable: TableModel[] = [];
  for (const table of model.tables) {
    if (table.schema === SHADOW_MARKER_SCHEMA) continue;
    if (table.kind === 'view' || table.kind === 'materialized-view' || table.kind === 'foreign-table') {
      skipped.push({ schema: table.schema, name: table.name, reason: `${table.kind} holds no rows of its own` });
    } else if (table.partitioning?.parent != null) {
      skipped.push({ schema: table.schema, name: table.name, reason: 'partition: loaded through its partitioned parent' });
    } else {
      loadable.push(table);
    }
  }
  const byKey = new Map(loadable.map((t) => [tableKey(t.schema, t.name), t]));
  const referencedColumns = new Set<string>();
  for (const t of model.tables) for (const fk of t.foreignKeys) for (const c of fk.referencedColumns) referencedColumns.add(`${tableKey(fk.referencedSchema, fk.referencedTable)}.${c}`);

  const edges: DependencyEdge[] = loadable.flatMap((t) =>
    t.foreignKeys.map((fk) => ({
      child: tableKey(t.schema, t.name),
      parent: tableKey(fk.referencedSchema, fk.referencedTable),
      constraint: fk.name,
      deferrable: fk.deferrable,
      nullable: fk.columns.every((c) => t.columns.find((col) => col.name === c)?.nullable ?? false),
    })),
  );
  const order = orderLoadUnits([...byKey.keys()], edges);

  const rows = new Map<string, number>();
  const deep = new Map<string, boolean>();
  for (const [key, table] of byKey) {
    const volume = planVolume(table, focus, input.volume);
    rows.set(key, volume.rows);
    deep.set(key, volume.deep);
  }
  // A NOT NULL foreign key needs a parent row to point at.
  for (let changed = true; changed; ) {
    changed = false;
    for (const e of edges) {
      if (!e.nullable && (rows.get(e.child) ?? 0) > 0 && rows.get(e.parent) === 0) {
        rows.set(e.parent, 1);
        notes.push(`${e.parent}: 1 row instead of 0, referenced by NOT NULL key ${e.constraint} of ${e.child}`);
        changed = true;
      }
    }
  }

  const tablePlans = new Map<string, TablePlan>();
  const orderedKeys = order.units.flatMap((u) => u.tables);
  for (const key of orderedKeys) {
    const table = byKey.get(key);
    if (table === undefined) continue;
    tablePlans.set(key, planTable(table, key));
  }

  function planTable(table: TableModel, key: string): TablePlan {
    const tableNotes: string[] = [];
    let requested = rows.get(key) ?? 0;
    const checks = parseTableChecks(table);
    const partitionRules = table.kind === 'partitioned-table'
      ? partitionKeyConstraints(table, model.tables.filter((p) => p.partitioning?.parent === key || p.partitioning?.parent === `"${table.schema}"."${table.name}"`))
      : null;

    interface Draft extends OrderPairDraft { column: ColumnModel; constraints: ColumnConstraints; capacity: number; source: ColumnSource | null; nullFraction: number; type: ReturnType<typeof resolveColumnType>; temporal: boolean; space: ValueSpace | null; above: { column: string; strict: boolean } | null }
    const drafts = new Map<string, Draft>();
    for (const column of table.columns) {
      const type = resolveColumnType(column, model);
      let domainConstraints = collectColumnConstraints(type.domainChecks.flatMap((d) => parseCheckExpression(d).rules), 'value');
      if (partitionRules !== null && partitionRules.column === column.name) domainConstraints = collectColumnConstraints(partitionRules.rules, column.name, domainConstraints);
      const constraints = collectColumnConstraints(checks.flatMap((c) => c.rules), column.name, domainConstraints);
      const server = serverFilled(column);
      let source: ColumnSource | null = server === null ? null : { kind: 'server', reason: server };
      let capacity = 0;
      let valueSpace: ValueSpace | null = null;
      if (server === null) {
        const space = createValueSpace(type, constraints, { seed, table: table.name, column: column.name, span: input.timeSpan });
        if (space === null || space.capacity === 0) {
          const why = space === null ? `type ${column.dataType} is not generated` : 'its constraints leave no value';
          if (column.nullable && !constraints.notNull && !type.domainNotNull) source = { kind: 'null', reason: why };
          else if (column.defaultExpression !== null || type.domainChecks.length > 0) source = { kind: 'server', reason: 'unsupported-type-default' };
          else throw new ShadowtuneError('GENERATION_FAILED', `column ${table.name}.${column.name}: ${why} and it is NOT NULL without a default`, { context: { table: key, column: column.name } });
          tableNotes.push(`${column.name}: ${why}; ${source.kind === 'null' ? 'left NULL' : 'server default used'}`);
        } else {
          capacity = space.capacity;
          valueSpace = space;
        }
      }
      const temporal = !type.isArray && (type.category === 'D') && type.typeName !== 'time' && type.typeName !== 'timetz';
      drafts.set(column.name, { column, constraints, capacity, source, nullFraction: 0, type, temporal, space: valueSpace, above: null });
    }
    const notNull = (d: Draft) => !d.column.nullable || d.constraints.notNull || d.type.domainNotNull;

    // Foreign keys, widest first so a composite key decides its shared columns.
    const foreignKeys: ForeignKeyPlan[] = [];
    const fkRows = new Map<string, { rows: number; columns: readonly string[] }>();
    const fkOwner = new Map<string, string>();
    for (const fk of [...table.foreignKeys].sort((a, b) => b.columns.length - a.columns.length || a.name.localeCompare(b.name))) {
      const parentKey = tableKey(fk.referencedSchema, fk.referencedTable);
      const members = fk.columns.map((c) => drafts.get(c)).filter((d): d is Draft => d !== undefined);
      if (members.length !== fk.columns.length) continue;
      if (members.every((d) => d.source !== null)) {
        tableNotes.push(`${fk.name}: columns already set by another key or the server`);
        continue;
      }
      if (!byKey.has(parentKey)) {
        if (members.every((d) => !notNull(d))) {
          for (const d of members) d.source = { kind: 'null', reason: `parent ${parentKey} is not loaded` };
          tableNotes.push(`${fk.name}: parent ${parentKey} is not loaded; left NULL`);
          continue;
        }
        throw new ShadowtuneError('GENERATION_FAILED', `foreign key ${fk.name} of ${key} references ${parentKey}, which is not a loadable table`, { context: { table: key, constraint: fk.name } });
      }
      const parentRows = rows.get(parentKey) ?? 0;
      const allNullable = members.every((d) => !notNull(d));
      const stats = members[0]?.column.stats ?? null;
      let choice: ParentRowChoice;
      const skewTarget = focus?.skewTargets.find((t) => t.schema === table.schema && t.table === table.name && fk.columns.includes(t.column));
      if (parentKey === key) {
        choice = { kind: 'self-tree', exponent: skewTarget?.factor ?? input.skewFactor };
      } else if (skewTarget !== undefined) {
        choice = { kind: 'sampled', distribution: { kind: 'zipf', distinct: Math.max(1, parentRows), exponent: skewTarget.factor }, reason: 'experiment-skew' };
      } else if (stats !== null && stats.mostCommonFrequencies.length > 0) {
        const distinct = Math.max(1, Math.min(parentRows, resolveDistinctCount(stats.nDistinct, requested) ?? parentRows));
        choice = { kind: 'sampled', distribution: { kind: 'frequencies', distinct, mostCommonFrequencies: stats.mostCommonFrequencies, nullFraction: allNullable ? stats.nullFraction : 0 }, reason: 'fk-production-stats' };
      } else {
        choice = { kind: 'sampled', distribution: { kind: 'zipf', distinct: Math.max(1, parentRows), exponent: input.skewFactor }, reason: 'fk-fan-out' };
      }
      if (parentRows === 0 && allNullable) tableNotes.push(`${fk.name}: parent has no rows; left NULL`);
      const nullFraction = parentRows === 0 ? 1 : allNullable ? stats?.nullFraction ?? 0 : 0;
      fk.columns.forEach((c, i) => {
        const d = drafts.get(c);
        if (d === undefined || d.source !== null) return;
        d.source = { kind: 'foreign-key', constraint: fk.name, parentColumn: fk.referencedColumns[i] ?? c };
        fkOwner.set(c, fk.name);
      });
      fkRows.set(fk.name, { rows: parentRows, columns: fk.columns });
      foreignKeys.push({
        constraint: fk.name,
        columns: fk.columns,
        parentSchema: fk.referencedSchema,
        parentTable: fk.referencedTable,
        parentColumns: fk.referencedColumns,
        parentRows,
        choice,
        nullFraction,
        nullable: allNullable,
        loadMode: order.brokenEdges.get(`${key}|${fk.name}`) ?? 'immediate',
        deferrable: fk.deferrable,
        onDelete: fk.onDelete,
        onUpdate: fk.onUpdate,
      });
    }

    // Unique keys.
    const keyColumns = new Map<string, UniqueKeyColumn>();
    for (const [name, d] of drafts) {
      const server = d.source?.kind === 'server' ? d.source.reason : null;
      keyColumns.set(name, {
        name,
        serverUnique: server === 'identity' || server === 'sequence-default',
        free: d.source === null,
        capacity: d.capacity,
        foreignKey: d.source?.kind === 'foreign-key' ? d.source.constraint : null,
      });
    }
    const decision = planUniqueKeys(uniqueColumnSets(table), keyColumns, fkRows, requested);
    tableNotes.push(...decision.notes);
    if (decision.rows < requested) {
      requested = decision.rows;
      rows.set(key, requested);
    }
    for (const name of decision.rowIndex) {
      const d = drafts.get(name);
      if (d !== undefined) d.source = { kind: 'row-index' };
    }
    const fkDigits = new Map<string, { divisor: number; radix: number }>();
    for (const digit of decision.digits) {
      if (digit.column !== null) {
        const d = drafts.get(digit.column);
        if (d !== undefined) d.source = { kind: 'mixed-radix', divisor: digit.divisor, radix: digit.radix };
      } else if (digit.foreignKey !== null) {
        fkDigits.set(digit.foreignKey, { divisor: digit.divisor, radix: digit.radix });
      }
    }
    const finalForeignKeys = foreignKeys.map((fk) => {
      const digit = fkDigits.get(fk.constraint);
      return digit === undefined ? fk : { ...fk, choice: { kind: 'mixed-radix' as const, divisor: digit.divisor, radix: digit.radix }, nullFraction: 0 };
    });

    // Everything else: a distribution.
    const reproduced = new Set<string>();
    const uniqueMembers = new Set(uniqueColumnSets(table).flat());
    for (const [, d] of drafts) {
      if (d.source !== null) continue;
      const chosen = chooseDistribution({ schema: table.schema, table: table.name, column: d.column, rows: requested, capacity: d.capacity, temporal: d.temporal, focus, skewFactor: input.skewFactor });
      d.source = chosen.source;
      const commonValues = d.column.stats?.mostCommonValues ?? null;
      if (commonValues !== null && commonValues.length > 0 && d.source.kind === 'sampled' && commonValuesObstacle(table, d.column) === null) {
        d.source = { ...d.source, commonValues };
        reproduced.add(d.column.name);
        tableNotes.push(`${d.column.name}: production's ${commonValues.length} most common values reproduced`);
      }
      const referenced = referencedColumns.has(`${key}.${d.column.name}`);
      d.nullFraction = notNull(d) || referenced || uniqueMembers.has(d.column.name) ? 0 : chosen.nullFraction;
    }
    // Known values left out say why (the rewrite-engine reads the same rule: commonValuesObstacle).
    for (const column of table.columns) {
      if (reproduced.has(column.name) || !(column.stats?.mostCommonValues?.length)) continue;
      const obstacle = commonValuesObstacle(table, column);
      tableNotes.push(`${column.name}: production's most common values not reproduced (${obstacle ?? drafts.get(column.name)?.source?.kind ?? 'not generated'})`);
    }
    // Multi-column predicates: the finding's filter columns of this table move together.
    const filterColumns = (focus?.findingColumns ?? []).filter((c) => c.schema === table.schema && c.table === table.name && c.role === 'FILTER').map((c) => c.column);
    const correlated = [...new Set(filterColumns)].filter((c) => drafts.get(c)?.source?.kind === 'sampled');
    if (correlated.length >= 2 && input.correlation > 0) {
      for (const c of correlated) {
        const d = drafts.get(c);
        if (d?.source?.kind === 'sampled') d.source = { ...d.source, correlationGroup: `${key}:filter` };
      }
      tableNotes.push(`columns ${correlated.join(', ')} correlated (shared rank with probability ${input.correlation})`);
    }

    // CHECKs comparing two columns (a < b) are met by construction where both are ordered
    // values the generator draws; any other CHECK it cannot interpret goes to the server.
    const serverValidated: { name: string; definition: string; columns: readonly string[] }[] = [];
    for (const check of checks) {
      const pairs = check.rules.filter((r): r is Extract<CheckRule, { kind: 'column-compare' }> => r.kind === 'column-compare');
      const handled = check.fullyInterpreted && pairs.every((pair) => orderPair(pair, drafts, requested, input.timeSpan));
      if (!handled) {
        serverValidated.push({ name: check.name, definition: check.definition, columns: check.columns });
        if (pairs.length > 0 || !check.fullyInterpreted) tableNotes.push(`CHECK ${check.name}: not fully interpreted; rows validated by the server (staging table)`);
      }
    }

    const columns: ColumnPlan[] = table.columns.map((column) => {
      const d = drafts.get(column.name) as Draft;
      return { name: column.name, dataType: column.dataType, defaultExpression: column.defaultExpression, nullable: !notNull(d), type: d.type, constraints: d.constraints, source: d.source as ColumnSource, nullFraction: d.nullFraction, above: d.above, capacity: d.capacity };
    });
    const copyColumns = columns.filter((c) => c.source.kind !== 'server').map((c) => c.name);
    const hasServerNumbering = columns.some((c) => c.source.kind === 'server' && (c.source.reason === 'identity' || c.source.reason === 'sequence-default'));
    const selfReference = finalForeignKeys.some((fk) => fk.choice.kind === 'self-tree');
    return {
      schema: table.schema,
      name: table.name,
      rows: requested,
      deep: deep.get(key) ?? false,
      columns,
      copyColumns,
      foreignKeys: finalForeignKeys,
      serverValidatedChecks: serverValidated,
      // Halves loaded side by side would interleave sequence numbers, and a self-reference
      // must see its parent rows in the same statement.
      splittable: !hasServerNumbering && !selfReference && serverValidated.length === 0,
      unit: -1,
      notes: tableNotes,
    };
  }

  // Parent row counts may have been capped after a child was planned (cycles): re-read them.
  const tables: TablePlan[] = [];
  const unitIndexOfTable = new Map<string, number>();
  order.units.forEach((u, i) => u.tables.forEach((t) => unitIndexOfTable.set(t, i)));
  for (const key of orderedKeys) {
    const plan = tablePlans.get(key);
    if (plan === undefined) continue;
    const unit = unitIndexOfTable.get(key) ?? -1;
    const deferredUnit = order.units[unit]?.deferred ?? false;
    tables.push({
      ...plan,
      unit,
      splittable: plan.splittable && !deferredUnit && order.units[unit]?.tables.length === 1,
      foreignKeys: plan.foreignKeys.map((fk) => {
        const parentRows = rows.get(tableKey(fk.parentSchema, fk.parentTable)) ?? fk.parentRows;
        if (parentRows === fk.parentRows) return fk;
        const choice: ParentRowChoice = fk.choice.kind === 'sampled' ? { ...fk.choice, distribution: { ...fk.choice.distribution, distinct: Math.min(fk.choice.distribution.distinct, Math.max(1, parentRows)) } } : fk.choice;
        return { ...fk, parentRows, choice };
      }),
    });
  }
  const indexOf = new Map(tables.map((t, i) => [tableKey(t.schema, t.name), i]));
  const units = order.units.map((u) => ({
    tables: u.tables.map((t) => indexOf.get(t)).filter((i): i is number => i !== undefined),
    dependsOn: u.dependsOn,
    deferred: u.deferred,
  }));
  return { seed, skewFactor: input.skewFactor, correlation: input.correlation, timeSpan: input.timeSpan, tables, units, notes, skipped };
}
