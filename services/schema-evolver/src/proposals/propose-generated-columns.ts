import type { ParameterProfile } from '@shadowtune/shared/contracts/generated-types';
import { findTable } from '@shadowtune/shared/schema-model/find-table';
import { canonicalTypeName } from '../analysis/canonical-type-name.js';
import type { HotJsonKey } from '../analysis/data-analysis-results.js';
import { qualifiedName } from '../usage/qualified-name.js';
import { tableKeyOf } from '../usage/table-key-of.js';
import { deriveObjectName } from './derive-object-name.js';
import { frequencyGate } from './frequency-gate.js';
import type { ProposalContext } from './proposal-context.js';
import type { SkipReasonCode } from './skip-reason-code.js';
import { singleColumnKey } from './single-column-key.js';

/** PostgreSQL 18 brought VIRTUAL generated columns (computed on read: adding one rewrites nothing). */
const VIRTUAL_GENERATED_SINCE = 180_000;

/** A placeholder whose values take at most this many distinct values is a constant key. */
const CONSTANT_KEY_DISTINCT = 1.5;

function safeName(text: string): string {
  const cleaned = text.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return cleaned === '' ? 'key' : cleaned;
}

interface Resolved extends Omit<HotJsonKey, 'key'> {
  readonly key: string;
  readonly resolutionEvidence: Readonly<Record<string, number>>;
}

/**
 * A generated column for each JSON key statements filter on often (with an index on the
 * key's expression, which serves the statements as written). Keys capture replaced by a
 * placeholder are resolved first (see JsonKeyResolver); reads of the same key merge.
 */
export async function proposeGeneratedColumns(context: ProposalContext): Promise<void> {
  const profilesOf = new Map(context.used.map((u) => [u.statement.fingerprint, u.statement.parameters]));
  const resolved = new Map<string, Resolved>();
  for (const hot of context.results.frequentQueries.jsonKeys) {
    const evidence = { calls: hot.calls, timeShare: hot.share, timeMs: hot.weight };
    const skip = (code: SkipReasonCode, detail: string, extra: Readonly<Record<string, number>> = {}) =>
      context.skipped.push({ changeType: 'GENERATED_COLUMN', tableName: qualifiedName(hot.table), columnName: hot.column, reasonCode: code, detail, evidence: { ...evidence, ...extra } });
    let key = hot.key;
    let resolutionEvidence: Readonly<Record<string, number>> = {};
    if (key === null) {
      const valueProfiles: ParameterProfile[] = [];
      let varies = false;
      for (const placeholder of hot.placeholders) {
        const profiles = profilesOf.get(placeholder.fingerprint) ?? [];
        const keyProfile = profiles.find((p) => p.position === placeholder.keyPosition);
        if (keyProfile !== undefined && keyProfile.distinctEstimate > CONSTANT_KEY_DISTINCT) varies = true;
        for (const position of placeholder.valuePositions) {
          const profile = profiles.find((p) => p.position === position);
          if (profile) valueProfiles.push(profile);
        }
      }
      if (varies) {
        skip('JSON_KEY_VARIES', `the key placeholder takes several values in ${hot.fingerprints.length} statement(s): no single key to materialize`);
        continue;
      }
      if (context.jsonKeyResolver === null) {
        skip('JSON_KEY_UNRESOLVED', 'capture replaced the JSON key by a placeholder and no production connection is available to resolve it');
        continue;
      }
      const table = findTable(context.model, hot.table.schema, hot.table.name);
      const resolution = await context.jsonKeyResolver({ table: hot.table, column: hot.column, valueProfiles, rowEstimate: table?.stats.rowEstimate ?? 0 });
      if (resolution.kind === 'unavailable') {
        skip('JSON_KEY_UNRESOLVED', resolution.detail);
        continue;
      }
      if (resolution.kind === 'ambiguous') {
        skip('JSON_KEY_AMBIGUOUS', resolution.detail, resolution.evidence);
        continue;
      }
      key = resolution.key;
      resolutionEvidence = resolution.evidence;
      for (const placeholder of hot.placeholders) {
        const byPosition = context.resolvedJsonKeys.get(placeholder.fingerprint) ?? new Map<number, string>();
        byPosition.set(placeholder.keyPosition, resolution.key);
        context.resolvedJsonKeys.set(placeholder.fingerprint, byPosition);
      }
    }
    const id = `${tableKeyOf(hot.table)}\u0000${hot.column}\u0000${hot.operator}\u0000${key}`;
    const known = resolved.get(id);
    resolved.set(
      id,
      known === undefined
        ? { ...hot, key, resolutionEvidence }
        : {
            ...known,
            calls: known.calls + hot.calls,
            weight: known.weight + hot.weight,
            filterWeight: known.filterWeight + hot.filterWeight,
            share: known.share + hot.share,
            castType: known.castType === hot.castType ? known.castType : null,
            fingerprints: [...new Set([...known.fingerprints, ...hot.fingerprints])],
            resolutionEvidence: { ...known.resolutionEvidence, ...resolutionEvidence },
          },
    );
  }
  for (const hot of resolved.values()) {
    const evidence = { calls: hot.calls, timeShare: hot.share, timeMs: hot.weight, filterTimeMs: hot.filterWeight, ...hot.resolutionEvidence };
    const skip = (code: SkipReasonCode, detail: string) =>
      context.skipped.push({ changeType: 'GENERATED_COLUMN', tableName: qualifiedName(hot.table), columnName: `${hot.column}${hot.operator}${hot.key}`, reasonCode: code, detail, evidence });
    const gate = frequencyGate(hot.calls, hot.share, context.settings);
    if (gate) {
      skip(gate.code, gate.detail);
      continue;
    }
    if (hot.filterWeight <= 0) {
      skip('NOT_FILTERED', 'the key is only read, never filtered on: a generated column would not speed the statements up');
      continue;
    }
    const table = findTable(context.model, hot.table.schema, hot.table.name)!;
    if (table.kind !== 'table') {
      skip('NOT_A_TABLE', `${qualifiedName(hot.table)} is a ${table.kind}`);
      continue;
    }
    if (table.stats.rowEstimate < context.settings.largeTableRows) {
      skip('TABLE_TOO_SMALL', `${Math.round(table.stats.rowEstimate)} rows, fewer than ${context.settings.largeTableRows}`);
      continue;
    }
    const keyLiteral = `'${hot.key.replace(/'/g, "''")}'`;
    const indexed = table.indexes.find((i) => i.valid && i.keyParts[0]?.expression?.includes(hot.column) && i.keyParts[0].expression.includes(`${hot.operator} ${keyLiteral}`));
    if (indexed) {
      skip('ALREADY_INDEXED', `index ${indexed.name} already covers ${hot.column}${hot.operator}${keyLiteral}`);
      continue;
    }
    const key = singleColumnKey(table);
    const mode = context.model.serverVersion >= VIRTUAL_GENERATED_SINCE ? 'virtual' : 'trigger';
    if (mode === 'trigger' && key === null) {
      skip('NO_SINGLE_COLUMN_KEY', 'the column must be backfilled in batches, which needs a single-column primary key');
      continue;
    }
    const taken = new Set([...table.columns.map((c) => c.name), ...context.model.tables.flatMap((t) => t.indexes.map((i) => i.name))]);
    const columnName = deriveObjectName([safeName(hot.column), safeName(hot.key)], '', taken);
    const dataType = hot.castType !== null ? canonicalTypeName(hot.castType) : hot.operator === '->>' ? 'text' : 'jsonb';
    context.candidates.push({
      spec: {
        changeType: 'GENERATED_COLUMN',
        table: hot.table,
        sourceColumn: hot.column,
        key: hot.key,
        operator: hot.operator,
        columnName,
        dataType,
        indexName: deriveObjectName([table.name, columnName], 'idx', taken),
        keyColumn: key?.column ?? '',
        keyType: key?.dataType ?? '',
        mode,
      },
      rationale:
        `${hot.fingerprints.length} statement(s) read key ${hot.key} of ${qualifiedName(hot.table)}.${hot.column} (${Math.round(hot.calls)} calls, ` +
        `${(hot.share * 100).toFixed(1)}% of the workload's time, filtering on it); a generated column ${columnName} (${dataType}) names the value ` +
        `and an index on the key's expression serves the statements as they are written` +
        (mode === 'trigger' ? ' (kept by a trigger and backfilled in batches: a STORED generated column would rewrite the table)' : ' (VIRTUAL: no rewrite)'),
      evidence: { ...evidence, rows: table.stats.rowEstimate },
      fingerprints: hot.fingerprints,
    });
  }
}
