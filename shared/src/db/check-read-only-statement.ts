import { parseStatements, type ParsedStatement } from '../sql/parse-statement.js';

export type ReadOnlyVerdict = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

const WRITE_NODES = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

/** Functions with side effects that a read-only transaction does not stop. */
const DENIED_FUNCTIONS = new Set([
  'set_config', 'nextval', 'setval', 'pg_notify', 'txid_current', 'pg_current_xact_id',
  'pg_terminate_backend', 'pg_cancel_backend', 'pg_reload_conf', 'pg_rotate_logfile', 'pg_switch_wal',
  'pg_create_restore_point', 'pg_promote', 'pg_log_backend_memory_contexts',
  'pg_stat_reset', 'pg_stat_reset_shared', 'pg_stat_reset_single_table_counters', 'pg_stat_reset_single_function_counters',
  'pg_stat_reset_slru', 'pg_stat_statements_reset', 'pg_stat_reset_replication_slot',
  'lo_import', 'lo_export', 'lo_unlink', 'lo_create', 'lo_creat', 'lo_from_bytea', 'lo_put', 'lo_truncate',
  'pg_read_file', 'pg_read_binary_file', 'pg_ls_dir', 'pg_file_write', 'pg_file_unlink', 'pg_file_rename',
  'dblink', 'dblink_exec', 'dblink_connect', 'dblink_send_query',
  'pg_create_logical_replication_slot', 'pg_create_physical_replication_slot', 'pg_drop_replication_slot',
]);
const DENIED_FUNCTION_PREFIXES = ['pg_advisory', 'pg_try_advisory'];

/** Settings a reader may change: planner and timeout knobs, never the read-only switches. */
const SETTABLE = new Set([
  'plan_cache_mode', 'statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout', 'search_path',
  'application_name', 'work_mem', 'random_page_cost', 'seq_page_cost', 'effective_cache_size', 'jit',
  'max_parallel_workers_per_gather', 'timezone', 'datestyle', 'extra_float_digits', 'from_collapse_limit',
  'join_collapse_limit', 'geqo', 'cpu_tuple_cost', 'cpu_index_tuple_cost', 'cpu_operator_cost',
]);

type Node = Readonly<Record<string, unknown>>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null;
}

function functionName(call: Node): string {
  const names = (call.funcname as Node[] | undefined) ?? [];
  const last = names[names.length - 1] as { String?: { sval?: string } } | undefined;
  return (last?.String?.sval ?? '').toLowerCase();
}

/** Finds the first forbidden construct anywhere in a tree, or null. */
function findForbidden(node: unknown, allowWrites: boolean): string | null {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = findForbidden(item, allowWrites);
      if (found) return found;
    }
    return null;
  }
  if (!isNode(node)) return null;
  for (const [key, value] of Object.entries(node)) {
    if (!allowWrites && WRITE_NODES.has(key)) return `contains a data-modifying ${key.replace('Stmt', '').toUpperCase()}`;
    if (key === 'SelectStmt' && isNode(value)) {
      if (value.intoClause !== undefined) return 'SELECT INTO creates a table';
      if (!allowWrites && value.lockingClause !== undefined) return 'row locking clause (FOR UPDATE/SHARE) takes write locks';
    }
    if (key === 'FuncCall' && isNode(value)) {
      const name = functionName(value);
      if (DENIED_FUNCTIONS.has(name) || DENIED_FUNCTION_PREFIXES.some((p) => name.startsWith(p))) return `calls ${name}(), which has side effects`;
    }
    const found = findForbidden(value, allowWrites);
    if (found) return found;
  }
  return null;
}

function isTrueOption(option: Node): boolean {
  const arg = option.arg as Node | undefined;
  if (arg === undefined) return true;
  const text = JSON.stringify(arg).toLowerCase();
  return !/"(false|off|0)"|"ival":\{\}|"boolval":\{\}/.test(text);
}

function checkStatement(statement: ParsedStatement): ReadOnlyVerdict {
  const [kind, body] = Object.entries(statement)[0] ?? ['', undefined];
  const node = (isNode(body) ? body : {}) as Node;
  const refuse = (reason: string): ReadOnlyVerdict => ({ allowed: false, reason });
  switch (kind) {
    case 'SelectStmt': {
      const forbidden = findForbidden(statement, false);
      return forbidden ? refuse(forbidden) : { allowed: true };
    }
    case 'ExplainStmt': {
      const options = ((node.options as Node[] | undefined) ?? []).map((o) => (o as { DefElem: Node }).DefElem);
      if (options.some((o) => o.defname === 'analyze' && isTrueOption(o))) return refuse('EXPLAIN ANALYZE executes the statement');
      // Without ANALYZE nothing is executed, so the explained statement may be a write.
      const forbidden = findForbidden(node.query, true);
      return forbidden ? refuse(forbidden) : { allowed: true };
    }
    case 'VariableShowStmt':
    case 'DeallocateStmt':
      return { allowed: true };
    case 'VariableSetStmt': {
      const name = String(node.name ?? '').toLowerCase();
      if (node.kind === 'VAR_RESET_ALL') return { allowed: true };
      return SETTABLE.has(name) ? { allowed: true } : refuse(`setting ${name || 'this parameter'} is not allowed on the read-only role`);
    }
    case 'PrepareStmt': {
      return checkStatement(node.query as ParsedStatement);
    }
    case 'TransactionStmt': {
      const options = ((node.options as Node[] | undefined) ?? []).map((o) => (o as { DefElem: Node }).DefElem);
      const readWrite = options.some((o) => o.defname === 'transaction_read_only' && !isTrueOption(o));
      return readWrite ? refuse('READ WRITE transactions are not allowed on the read-only role') : { allowed: true };
    }
    default:
      return refuse(`${kind.replace(/Stmt$/, '') || 'this statement'} is not a read`);
  }
}

/**
 * Decides whether a statement may run on the production read-only role: one SELECT
 * (no INTO, no row locks, no data-modifying CTE, no side-effect functions), EXPLAIN
 * without ANALYZE, SHOW, planner SETs, PREPARE of a read, transaction control without
 * READ WRITE. The parser must be loaded (loadSqlParser()). Anything unparsable is refused.
 */
export function checkReadOnlyStatement(sql: string): ReadOnlyVerdict {
  let statements: ParsedStatement[];
  try {
    statements = parseStatements(sql);
  } catch {
    return { allowed: false, reason: 'statement does not parse' };
  }
  if (statements.length !== 1) return { allowed: false, reason: `expected exactly one statement, got ${statements.length}` };
  return checkStatement(statements[0]!);
}
