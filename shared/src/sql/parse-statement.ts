import { loadModule, parseSync } from 'libpg-query';

let loaded: Promise<void> | null = null;

/** Loads the PostgreSQL grammar (WebAssembly) once per process. */
export function loadSqlParser(): Promise<void> {
  loaded ??= loadModule();
  return loaded;
}

/** A top-level statement of libpg-query's JSON parse tree: `{ SelectStmt: {...} }` and so on. */
export type ParsedStatement = Readonly<Record<string, unknown>>;

/**
 * Parses SQL with the PostgreSQL grammar into its raw statements. Call loadSqlParser()
 * once first. Throws libpg-query's error for invalid SQL (callers map it to a code).
 */
export function parseStatements(sql: string): ParsedStatement[] {
  const tree = parseSync(sql) as { stmts?: { stmt: ParsedStatement }[] };
  return (tree.stmts ?? []).map((s) => s.stmt);
}
