import { loadSqlParser } from '../sql/parse-statement.js';
import { checkPersonaStatement } from './check-persona-statement.js';
import {
  COLUMN_TYPE_PATTERN,
  personaDefinitionSchema,
  type ColumnCondition,
  type PersonaDefinition,
  type PersonaTable,
} from './persona-definition.js';

/** One problem in a persona, located by JSON pointer (e.g. `/tables/0/columns/2/type`). */
export interface PersonaValidationIssue {
  readonly path: string;
  readonly message: string;
}

export type PersonaValidationResult =
  | { readonly ok: true; readonly persona: PersonaDefinition }
  | { readonly ok: false; readonly issues: readonly PersonaValidationIssue[] };

const BUILT_IN_TYPE = new RegExp(COLUMN_TYPE_PATTERN);
const INTEGER_TYPES = new Set(['smallint', 'integer', 'bigint']);
const TIME_TYPES = new Set(['timestamptz', 'date']);
const OPERATOR_CLASS_METHOD: Readonly<Record<string, readonly string[]>> = {
  gin_trgm_ops: ['gin'],
  gist_trgm_ops: ['gist'],
  jsonb_path_ops: ['gin'],
  jsonb_ops: ['gin'],
  text_pattern_ops: ['btree'],
  varchar_pattern_ops: ['btree'],
};
const OPERATOR_CLASS_EXTENSION: Readonly<Record<string, string>> = { gin_trgm_ops: 'pg_trgm', gist_trgm_ops: 'pg_trgm' };

function pointer(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '/' : path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}

function conditionColumns(condition: ColumnCondition): string[] {
  return condition.kind === 'compare-columns' ? [condition.column, condition.otherColumn] : [condition.column];
}

/**
 * Validates a persona: its shape (the zod schema, same rules as the API's JSON Schema)
 * then what a DBA would check by reading it: names resolve, keys and foreign keys are
 * consistent, partitioned tables keep the partition column in their unique keys, index
 * methods and operator classes fit, every strategy index serves an access pattern (it
 * earns its place), and the SQL parts parse as one statement of the expected kind over
 * the persona's own tables. Returns every issue found, each with its path.
 */
export async function validatePersonaDefinition(input: unknown): Promise<PersonaValidationResult> {
  const parsed = personaDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((issue) => ({ path: pointer(issue.path), message: issue.message })) };
  }
  const persona = parsed.data as PersonaDefinition;
  const issues: PersonaValidationIssue[] = [];
  const add = (path: readonly PropertyKey[], message: string) => issues.push({ path: pointer(path), message });

  const enumNames = new Set<string>();
  persona.initialSchema.enumTypes.forEach((enumType, i) => {
    if (enumNames.has(enumType.name)) add(['initialSchema', 'enumTypes', i, 'name'], `enum type ${enumType.name} is defined twice`);
    enumNames.add(enumType.name);
    if (new Set(enumType.values).size !== enumType.values.length) add(['initialSchema', 'enumTypes', i, 'values'], 'values must be distinct');
  });

  // Tables, indexes and the indexes behind primary keys and unique constraints share one namespace.
  const relationNames = new Map<string, string>();
  const claimRelation = (name: string, what: string, path: readonly PropertyKey[]) => {
    const previous = relationNames.get(name);
    if (previous !== undefined) add(path, `name ${name} is already used by ${previous}`);
    else relationNames.set(name, what);
  };
  const tables = new Map<string, PersonaTable>();
  persona.initialSchema.tables.forEach((table, t) => {
    if (enumNames.has(table.name)) add(['initialSchema', 'tables', t, 'name'], `table ${table.name} has the name of an enum type`);
    if (tables.has(table.name)) add(['initialSchema', 'tables', t, 'name'], `table ${table.name} is defined twice`);
    tables.set(table.name, table);
    claimRelation(table.name, `table ${table.name}`, ['initialSchema', 'tables', t, 'name']);
  });

  persona.initialSchema.tables.forEach((table, t) => {
    const at = (...rest: PropertyKey[]) => ['initialSchema', 'tables', t, ...rest];
    const columns = new Map(table.columns.map((c) => [c.name, c]));
    if (columns.size !== table.columns.length) add(at('columns'), 'column names must be distinct');
    const requireColumns = (names: readonly string[], path: readonly PropertyKey[]) => {
      names.forEach((name, i) => {
        if (!columns.has(name)) add([...path, i], `table ${table.name} has no column ${name}`);
      });
      if (new Set(names).size !== names.length) add(path, 'columns must be distinct');
    };
    table.columns.forEach((column, c) => {
      if (!BUILT_IN_TYPE.test(column.type) && !enumNames.has(column.type)) add(at('columns', c, 'type'), `type ${column.type} is neither a supported type nor a persona enum type`);
      if (column.identity !== null) {
        if (!INTEGER_TYPES.has(column.type)) add(at('columns', c, 'identity'), 'identity columns must be smallint, integer or bigint');
        if (column.default !== null) add(at('columns', c, 'default'), 'an identity column cannot also have a default');
        if (column.nullable) add(at('columns', c, 'nullable'), 'an identity column cannot be nullable');
      }
      if (column.default?.kind === 'now' && !TIME_TYPES.has(column.type)) add(at('columns', c, 'default'), 'now() defaults need a timestamptz or date column');
      if (column.default?.kind === 'random-uuid' && column.type !== 'uuid') add(at('columns', c, 'default'), 'random-uuid defaults need a uuid column');
    });
    requireColumns(table.primaryKey, at('primaryKey'));
    table.primaryKey.forEach((name, i) => {
      if (columns.get(name)?.nullable) add(at('primaryKey', i), `primary key column ${name} must not be nullable`);
    });
    claimRelation(`${table.name}_pkey`, `the primary key of ${table.name}`, at('primaryKey'));
    table.uniques.forEach((unique, u) => {
      requireColumns(unique.columns, at('uniques', u, 'columns'));
      claimRelation(unique.name, `a unique constraint of ${table.name}`, at('uniques', u, 'name'));
    });
    table.checks.forEach((check, k) => {
      requireColumns(conditionColumns(check.condition), at('checks', k, 'condition', 'column'));
      if (check.condition.kind === 'length-between' && check.condition.min > check.condition.max) add(at('checks', k, 'condition'), 'min must not exceed max');
    });
    table.foreignKeys.forEach((fk, f) => {
      requireColumns(fk.columns, at('foreignKeys', f, 'columns'));
      const parent = tables.get(fk.referencesTable);
      if (!parent) {
        add(at('foreignKeys', f, 'referencesTable'), `table ${fk.referencesTable} is not defined in this persona`);
        return;
      }
      if (fk.columns.length !== fk.referencesColumns.length) add(at('foreignKeys', f, 'referencesColumns'), 'must list as many columns as columns');
      const parentKeys = [parent.primaryKey, ...parent.uniques.map((u) => u.columns)];
      if (!parentKeys.some((key) => sameColumns(key, fk.referencesColumns))) {
        add(at('foreignKeys', f, 'referencesColumns'), `must be the primary key or a unique constraint of ${parent.name}`);
      }
      fk.columns.forEach((name, i) => {
        const child = columns.get(name);
        const referenced = parent.columns.find((c) => c.name === fk.referencesColumns[i]);
        if (child && referenced && child.type !== referenced.type) add(at('foreignKeys', f, 'columns', i), `type ${child.type} differs from ${parent.name}.${referenced.name} (${referenced.type})`);
        if (child && fk.onDelete === 'set-null' && !child.nullable) add(at('foreignKeys', f, 'onDelete'), `set-null needs nullable column ${name}`);
      });
    });
    if (table.partitioning) {
      // Partitions are named <table>_pYYYYMMDD: 10 more bytes within the 63-byte limit.
      if (Buffer.byteLength(table.name, 'utf8') > 53) add(at('name'), 'a partitioned table name must be at most 53 characters (partitions add _pYYYYMMDD)');
      const column = columns.get(table.partitioning.column);
      if (!column) add(at('partitioning', 'column'), `table ${table.name} has no column ${table.partitioning.column}`);
      else {
        if (!TIME_TYPES.has(column.type)) add(at('partitioning', 'column'), 'range partitioning needs a timestamptz or date column');
        if (column.nullable) add(at('partitioning', 'column'), 'the partition column must not be nullable');
      }
      if (!table.primaryKey.includes(table.partitioning.column)) add(at('primaryKey'), `the primary key of a partitioned table must include the partition column ${table.partitioning.column}`);
      table.uniques.forEach((unique, u) => {
        if (!unique.columns.includes(table.partitioning!.column)) add(at('uniques', u, 'columns'), `unique constraints of a partitioned table must include the partition column ${table.partitioning!.column}`);
      });
    }
  });

  const strategyIndexes = new Set<string>();
  persona.indexingStrategy.indexes.forEach((index, x) => {
    const at = (...rest: PropertyKey[]) => ['indexingStrategy', 'indexes', x, ...rest];
    claimRelation(index.name, `index ${index.name}`, at('name'));
    strategyIndexes.add(index.name);
    const table = tables.get(index.table);
    if (!table) {
      add(at('table'), `table ${index.table} is not defined in this persona`);
      return;
    }
    const columnNames = new Set(table.columns.map((c) => c.name));
    index.keys.forEach((key, k) => {
      if (!columnNames.has(key.column)) add(at('keys', k, 'column'), `table ${index.table} has no column ${key.column}`);
      if (index.method !== 'btree' && (key.order !== 'asc' || key.nulls !== null)) add(at('keys', k, 'order'), 'order and nulls placement apply to btree indexes only');
      if (key.operatorClass !== null) {
        const methods = OPERATOR_CLASS_METHOD[key.operatorClass] ?? [];
        if (!methods.includes(index.method)) add(at('keys', k, 'operatorClass'), `${key.operatorClass} is an operator class for ${methods.join('/')}, not ${index.method}`);
        const extension = OPERATOR_CLASS_EXTENSION[key.operatorClass];
        if (extension && !persona.initialSchema.extensions.includes(extension as (typeof persona.initialSchema.extensions)[number])) add(at('keys', k, 'operatorClass'), `${key.operatorClass} needs extension ${extension} in extensions`);
      }
      if ((index.method === 'gin' || index.method === 'gist') && key.operatorClass === null) {
        const type = table.columns.find((c) => c.name === key.column)?.type ?? '';
        if (!type.endsWith('[]') && type !== 'jsonb') add(at('keys', k, 'operatorClass'), `a ${index.method} index on a ${type} column needs an operator class`);
      }
    });
    index.include.forEach((name, i) => {
      if (!columnNames.has(name)) add(at('include', i), `table ${index.table} has no column ${name}`);
    });
    if (index.include.length > 0 && index.method !== 'btree') add(at('include'), 'INCLUDE columns apply to btree indexes only');
    if (index.unique && index.method !== 'btree') add(at('unique'), 'unique indexes must be btree');
    if (index.method === 'hash' && index.keys.length > 1) add(at('keys'), 'hash indexes have one key column');
    if (index.pagesPerRange !== null && index.method !== 'brin') add(at('pagesPerRange'), 'pagesPerRange applies to brin indexes only');
    if (index.unique && table.partitioning && !index.keys.some((k) => k.column === table.partitioning!.column)) {
      add(at('keys'), `a unique index on partitioned table ${table.name} must include the partition column`);
    }
    index.where.forEach((condition, w) => {
      for (const name of conditionColumns(condition)) if (!columnNames.has(name)) add(at('where', w, 'column'), `table ${index.table} has no column ${name}`);
    });
  });

  const constraintIndexes = new Set(persona.initialSchema.tables.flatMap((t) => [`${t.name}_pkey`, ...t.uniques.map((u) => u.name)]));
  const tableNames = new Set(tables.keys());
  const served = new Set<string>();
  const patternIds = new Set<string>();
  await loadSqlParser();
  persona.accessPatterns.forEach((pattern, p) => {
    const at = (...rest: PropertyKey[]) => ['accessPatterns', p, ...rest];
    if (patternIds.has(pattern.id)) add(at('id'), `access pattern ${pattern.id} is defined twice`);
    patternIds.add(pattern.id);
    pattern.servedBy.forEach((name, s) => {
      if (!strategyIndexes.has(name) && !constraintIndexes.has(name)) add(at('servedBy', s), `${name} is neither an index of the strategy nor a primary key or unique constraint`);
      served.add(name);
    });
    const statementRules = { schemaName: persona.initialSchema.schemaName, tables: tableNames };
    for (const problem of checkPersonaStatement(pattern.sql, { ...statementRules, kind: pattern.kind === 'read' ? 'select' : 'write', parameterCount: pattern.parameters.length })) {
      add(at('sql'), problem);
    }
    for (const problem of checkPersonaStatement(pattern.parameterSamples, { ...statementRules, kind: 'select', maxParameter: 1 })) {
      add(at('parameterSamples'), problem);
    }
  });
  persona.indexingStrategy.indexes.forEach((index, x) => {
    if (!served.has(index.name)) add(['indexingStrategy', 'indexes', x, 'name'], `index ${index.name} serves no access pattern: list it in the servedBy of the patterns it serves, or leave it out`);
  });

  const volumes = new Map<string, number>();
  persona.volumes.forEach((volume, v) => {
    if (!tables.has(volume.table)) add(['volumes', v, 'table'], `table ${volume.table} is not defined in this persona`);
    if (volumes.has(volume.table)) add(['volumes', v, 'table'], `table ${volume.table} has two volumes`);
    volumes.set(volume.table, volume.testRows);
    if (volume.testRows > volume.expectedRows) add(['volumes', v, 'testRows'], 'the test volume must not exceed the expected volume');
  });
  persona.initialSchema.tables.forEach((table, t) => {
    if (!volumes.has(table.name)) add(['initialSchema', 'tables', t, 'name'], `table ${table.name} has no entry in volumes`);
  });

  const seeded = new Map<string, number>();
  persona.seeds.forEach((seed, s) => {
    const table = tables.get(seed.table);
    if (!table) {
      add(['seeds', s, 'table'], `table ${seed.table} is not defined in this persona`);
      return;
    }
    if (seeded.has(seed.table)) add(['seeds', s, 'table'], `table ${seed.table} is seeded twice`);
    for (const fk of table.foreignKeys) {
      if (fk.referencesTable !== table.name && (volumes.get(fk.referencesTable) ?? 0) > 0 && !seeded.has(fk.referencesTable)) {
        add(['seeds', s, 'table'], `table ${table.name} references ${fk.referencesTable}, which must be seeded before it`);
      }
    }
    seeded.set(seed.table, s);
    for (const problem of checkPersonaStatement(seed.sql, { schemaName: persona.initialSchema.schemaName, tables: tableNames, kind: 'insert', insertInto: seed.table, maxParameter: 1 })) {
      add(['seeds', s, 'sql'], problem);
    }
  });
  if (persona.seeds.length > 0) {
    persona.volumes.forEach((volume, v) => {
      if (volume.testRows > 0 && !seeded.has(volume.table)) add(['volumes', v, 'testRows'], `table ${volume.table} has a test volume but no seed`);
    });
  }

  return issues.length === 0 ? { ok: true, persona } : { ok: false, issues };
}
