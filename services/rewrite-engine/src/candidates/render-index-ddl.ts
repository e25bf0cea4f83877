import { createHash } from 'node:crypto';
import { quoteIdentifier, quoteLiteral, quoteQualifiedName } from '@shadowtune/shared/sql/quote-identifier';
import { indexSignature, predicateLabel, type IndexCandidate, type IndexKey, type IndexPredicate } from './index-candidate.js';

const MAX_NAME_BYTES = 63;

function keyName(key: IndexKey): string {
  const base = key.column ?? (key.expression ?? 'expr').replace(/CAST\(|AS |"/g, '').replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '').toLowerCase();
  const pattern = key.opclass === 'text_pattern_ops' || key.opclass === 'varchar_pattern_ops' ? `${base}_pattern` : base;
  return key.descending ? `${pattern}_desc` : pattern;
}

/**
 * The index's name: `<table>_<keys>[_incl][_<partial>][_trgm]_idx`, readable like a DBA's,
 * made short enough (with a hash of the definition) when it would pass 63 bytes.
 */
export function indexNameOf(candidate: IndexCandidate): string {
  const parts = [candidate.table, ...candidate.keys.map(keyName)];
  if (candidate.include.length > 0) parts.push('incl');
  const predicate = candidate.predicate;
  // An excluded value is named by a hash of it: the name travels in logs, the value must not.
  if (predicate) parts.push(predicate.test === 'IS NULL' ? `${predicate.column}_null` : predicate.test === 'IS NOT NULL' ? `${predicate.column}_notnull` : `${predicate.column}_excl_${predicateLabel(predicate).slice(-6)}`);
  if (candidate.method === 'gin') parts.push('trgm');
  const name = `${parts.join('_')}_idx`;
  if (Buffer.byteLength(name, 'utf8') <= MAX_NAME_BYTES) return name;
  const hash = createHash('sha256').update(indexSignature(candidate)).digest('hex').slice(0, 8);
  let prefix = parts.join('_');
  while (Buffer.byteLength(`${prefix}_${hash}_idx`, 'utf8') > MAX_NAME_BYTES) prefix = prefix.slice(0, -1);
  return `${prefix.replace(/_+$/, '')}_${hash}_idx`;
}

function renderKey(key: IndexKey): string {
  const target = key.column !== null ? quoteIdentifier(key.column) : `(${key.expression})`;
  const opclass = key.opclass ? ` ${quoteIdentifier(key.opclass)}` : '';
  const direction = key.descending ? ' DESC' : '';
  // Only spell NULLS when it differs from the direction's default (ASC: LAST, DESC: FIRST).
  const nulls = key.nullsFirst === null || key.nullsFirst === key.descending ? '' : key.nullsFirst ? ' NULLS FIRST' : ' NULLS LAST';
  return `${target}${opclass}${direction}${nulls}`;
}

/** The WHERE clause's condition, built from the structure: quoted identifier, quoted literal, quoted type name. */
export function renderIndexPredicate(predicate: IndexPredicate): string {
  if (predicate.test !== '<>') return `${quoteIdentifier(predicate.column)} ${predicate.test}`;
  const cast = predicate.type === null ? '' : `::${quoteQualifiedName(predicate.type.schema, predicate.type.name)}`;
  return `${quoteIdentifier(predicate.column)} <> ${quoteLiteral(predicate.value)}${cast}`;
}

/** CREATE INDEX for the candidate, built from its structure with quoted identifiers. */
export function renderCreateIndex(candidate: IndexCandidate, concurrently: boolean): string {
  const include = candidate.include.length > 0 ? ` INCLUDE (${candidate.include.map(quoteIdentifier).join(', ')})` : '';
  const where = candidate.predicate ? ` WHERE ${renderIndexPredicate(candidate.predicate)}` : '';
  return `CREATE INDEX${concurrently ? ' CONCURRENTLY' : ''} ${quoteIdentifier(indexNameOf(candidate))} ON ${quoteQualifiedName(candidate.schema, candidate.table)} USING ${candidate.method} (${candidate.keys.map(renderKey).join(', ')})${include}${where}`;
}

/** DROP INDEX of an index by schema and name. */
export function renderDropIndex(schema: string, name: string, concurrently: boolean): string {
  return `DROP INDEX${concurrently ? ' CONCURRENTLY' : ''} IF EXISTS ${quoteQualifiedName(schema, name)}`;
}
