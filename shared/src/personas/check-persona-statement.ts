import { parseStatements, type ParsedStatement } from '../sql/parse-statement.js';

export type PersonaStatementKind = 'select' | 'write' | 'insert';

export interface PersonaStatementRules {
  readonly kind: PersonaStatementKind;
  /** Schema of the persona: relations may be unqualified or qualified with it. */
  readonly schemaName: string;
  /** Tables the statement may touch. */
  readonly tables: ReadonlySet<string>;
  /** For seeds: the one table the INSERT must target. */
  readonly insertInto?: string;
  /** Exact number of $n parameters ($1..$n, each used). */
  readonly parameterCount?: number;
  /** Highest $n allowed when not every parameter must be used. */
  readonly maxParameter?: number;
}

const WRITE_STATEMENTS = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt']);

/**
 * Functions refused in persona SQL: server administration, file and large-object access,
 * settings and cross-database links. Persona SQL is only ever run in throwaway measurement
 * databases, but a custom persona must not be a way to reach the server itself.
 */
const REFUSED_FUNCTION = /^(pg_.*|dblink.*|lo_.*|set_config|current_setting|query_to_xml.*|table_to_xml.*|cursor_to_xml.*|database_to_xml.*|schema_to_xml.*)$/;
const ALLOWED_PG_FUNCTIONS = new Set(['pg_sleep']);

interface Collected {
  readonly relations: { schema: string | null; name: string }[];
  readonly cteNames: Set<string>;
  readonly params: Set<number>;
  readonly functions: Set<string>;
  readonly statementKinds: string[];
}

function walk(node: unknown, into: Collected): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, into);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (key === 'RangeVar' && value && typeof value === 'object') {
      const rangeVar = value as { relname?: string; schemaname?: string };
      if (rangeVar.relname) into.relations.push({ schema: rangeVar.schemaname ?? null, name: rangeVar.relname });
    } else if (key === 'CommonTableExpr' && value && typeof value === 'object') {
      const name = (value as { ctename?: string }).ctename;
      if (name) into.cteNames.add(name);
    } else if (key === 'ParamRef' && value && typeof value === 'object') {
      const number = (value as { number?: number }).number;
      if (typeof number === 'number') into.params.add(number);
    } else if (key === 'FuncCall' && value && typeof value === 'object') {
      const parts = ((value as { funcname?: { String?: { sval?: string } }[] }).funcname ?? []).map((p) => p.String?.sval ?? '');
      into.functions.add(parts[parts.length - 1] ?? '');
    } else if (/^[A-Z]\w*Stmt$/.test(key)) {
      into.statementKinds.push(key);
    }
    walk(value, into);
  }
}

/**
 * Checks one piece of persona SQL against what it is for: exactly one statement of the
 * expected kind, touching only the persona's tables, with the declared parameters. Returns
 * the problems in words (empty when fine); never echoes the SQL text itself.
 */
export function checkPersonaStatement(sql: string, rules: PersonaStatementRules): string[] {
  let statements: ParsedStatement[];
  try {
    statements = parseStatements(sql);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return [`is not valid PostgreSQL: ${reason}`];
  }
  if (statements.length !== 1) return [`must be exactly one statement (found ${statements.length})`];
  const statement = statements[0]!;
  const top = Object.keys(statement)[0] ?? '';
  const problems: string[] = [];
  if (rules.kind === 'select' && top !== 'SelectStmt') problems.push(`must be a SELECT (found ${top})`);
  if (rules.kind === 'write' && !WRITE_STATEMENTS.has(top)) problems.push(`must be an INSERT, UPDATE or DELETE (found ${top})`);
  if (rules.kind === 'insert' && top !== 'InsertStmt') problems.push(`must be an INSERT (found ${top})`);
  if (top === 'SelectStmt' && (statement.SelectStmt as { intoClause?: unknown }).intoClause) problems.push('must not be SELECT INTO');

  const collected: Collected = { relations: [], cteNames: new Set(), params: new Set(), functions: new Set(), statementKinds: [] };
  walk(statement, collected);
  // Nested statements other than the SELECTs of subqueries and CTEs (data-modifying CTEs) are refused.
  const nestedWrites = collected.statementKinds.slice(1).filter((k) => k !== 'SelectStmt');
  if (nestedWrites.length > 0) problems.push(`must not contain nested ${[...new Set(nestedWrites)].join(', ')}`);

  if (rules.insertInto !== undefined && top === 'InsertStmt') {
    const target = (statement.InsertStmt as { relation?: { relname?: string; schemaname?: string } }).relation;
    if (target?.relname !== rules.insertInto || (target.schemaname !== undefined && target.schemaname !== rules.schemaName)) {
      problems.push(`must insert into table ${rules.insertInto}`);
    }
  }
  for (const relation of collected.relations) {
    if (relation.schema === null && collected.cteNames.has(relation.name)) continue;
    if ((relation.schema !== null && relation.schema !== rules.schemaName) || !rules.tables.has(relation.name)) {
      problems.push(`uses relation ${relation.schema ? `${relation.schema}.` : ''}${relation.name}, which is not a table of this persona`);
    }
  }
  for (const name of collected.functions) {
    if (REFUSED_FUNCTION.test(name) && !ALLOWED_PG_FUNCTIONS.has(name)) problems.push(`calls function ${name}, which persona SQL may not use`);
  }
  const highest = collected.params.size === 0 ? 0 : Math.max(...collected.params);
  if (rules.parameterCount !== undefined) {
    if (highest !== rules.parameterCount) problems.push(`uses parameters up to $${highest} but declares ${rules.parameterCount}`);
    for (let n = 1; n <= rules.parameterCount; n += 1) {
      if (!collected.params.has(n)) problems.push(`does not use parameter $${n}`);
    }
  }
  if (rules.maxParameter !== undefined && highest > rules.maxParameter) problems.push(`uses $${highest}; only up to $${rules.maxParameter} is given`);
  return problems;
}
