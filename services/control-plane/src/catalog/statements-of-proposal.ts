import type { JsonValue } from '@shadowtune/shared/workflows/workflow-records';

function strings(value: JsonValue | undefined): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * The statements a proposal's deployment runs (`apply`) and the ones that undo it
 * (`rollback`), from its published record: RewriteProposal.sql / rollbackSql, or
 * SchemaChangeProposal.up / down.
 */
export function statementsOfProposal(source: 'rewrite' | 'schema', record: JsonValue): { readonly apply: string[]; readonly rollback: string[] } {
  const fields = record !== null && typeof record === 'object' && !Array.isArray(record) ? (record as Readonly<Record<string, JsonValue>>) : {};
  return source === 'schema' ? { apply: strings(fields.up), rollback: strings(fields.down) } : { apply: strings(fields.sql), rollback: strings(fields.rollbackSql) };
}
