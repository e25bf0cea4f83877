import { findColumn, findTable } from '@shadowtune/shared/schema-model/find-table';
import type { SchemaModel, TableModel } from '@shadowtune/shared/schema-model/schema-model';
import { parseStatements } from '@shadowtune/shared/sql/parse-statement';

export interface PlaceholderColumn {
  readonly position: number;
  readonly schema: string;
  readonly table: string;
  readonly column: string;
  /** format_type() of the column: the type a PREPARE gives the placeholder. For = ANY($n) it is the array type. */
  readonly parameterType: string;
}

// libpg-query's JSON tree has no published types: walked as loose records.
type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null;
}

function walk(node: unknown, visit: (key: string, value: Node) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
    return;
  }
  if (!isNode(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (isNode(value) && !Array.isArray(value)) visit(key, value);
    walk(value, visit);
  }
}

function names(fields: unknown): string[] {
  if (!Array.isArray(fields)) return [];
  return fields.map((f) => (isNode(f) && isNode(f.String) && typeof f.String.sval === 'string' ? f.String.sval : '*'));
}

function paramNumbers(node: unknown): number[] {
  const out: number[] = [];
  const direct = isNode(node) && isNode(node.ParamRef) ? node.ParamRef.number : undefined;
  if (typeof direct === 'number') return [direct];
  const cast = isNode(node) && isNode(node.TypeCast) ? node.TypeCast.arg : undefined;
  if (cast !== undefined) return paramNumbers(cast);
  const items = isNode(node) && isNode(node.List) ? node.List.items : undefined;
  if (Array.isArray(items)) for (const item of items) out.push(...paramNumbers(item));
  return out;
}

function columnRef(node: unknown): string[] | null {
  if (!isNode(node)) return null;
  if (isNode(node.TypeCast)) return columnRef(node.TypeCast.arg);
  return isNode(node.ColumnRef) ? names(node.ColumnRef.fields) : null;
}

/**
 * Which column each `$n` of a normalized statement is compared with (`col = $1`,
 * `$2 < col`, `col IN ($3, $4)`, `col BETWEEN $5 AND $6`, `col LIKE $7`, `col = ANY($8)`),
 * resolved through the FROM clauses' tables and aliases against the model. Placeholders
 * used otherwise are left out. Requires loadSqlParser(); an unparsable statement gives [].
 */
export function mapPlaceholderColumns(sql: string, model: SchemaModel): PlaceholderColumn[] {
  let statements: ReturnType<typeof parseStatements>;
  try {
    statements = parseStatements(sql);
  } catch {
    return [];
  }
  const tables: { alias: string; table: TableModel }[] = [];
  walk(statements, (key, value) => {
    if (key !== 'RangeVar' || typeof value.relname !== 'string') return;
    const table = findTable(model, typeof value.schemaname === 'string' ? value.schemaname : null, value.relname);
    if (table === null) return;
    const alias = isNode(value.alias) && typeof value.alias.aliasname === 'string' ? value.alias.aliasname : value.relname;
    tables.push({ alias, table });
  });
  const resolve = (ref: string[]): { table: TableModel; column: string } | null => {
    const column = ref[ref.length - 1];
    if (column === undefined || column === '*') return null;
    const qualifier = ref.length >= 2 ? ref[ref.length - 2] : null;
    for (const { alias, table } of tables) {
      if (qualifier !== null && alias !== qualifier && table.name !== qualifier) continue;
      if (findColumn(table, column) !== null) return { table, column };
    }
    return null;
  };
  const found = new Map<number, PlaceholderColumn>();
  walk(statements, (key, value) => {
    if (key !== 'A_Expr') return;
    const pairs: [unknown, unknown][] = [[value.lexpr, value.rexpr], [value.rexpr, value.lexpr]];
    for (const [columnSide, paramSide] of pairs) {
      const ref = columnRef(columnSide);
      if (ref === null) continue;
      const resolved = resolve(ref);
      if (resolved === null) continue;
      const dataType = findColumn(resolved.table, resolved.column)?.dataType ?? 'text';
      const arrayParam = value.kind === 'AEXPR_OP_ANY' || value.kind === 'AEXPR_OP_ALL';
      for (const position of paramNumbers(paramSide)) {
        if (found.has(position)) continue;
        found.set(position, {
          position,
          schema: resolved.table.schema,
          table: resolved.table.name,
          column: resolved.column,
          parameterType: arrayParam && !dataType.endsWith('[]') ? `${dataType}[]` : dataType,
        });
      }
    }
  });
  return [...found.values()].sort((a, b) => a.position - b.position);
}
