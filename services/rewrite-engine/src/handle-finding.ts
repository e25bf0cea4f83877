import { analyzeStatement } from '@shadowtune/shared/sql/statement/analyze-statement';
import type { QueryFinding } from '@shadowtune/shared/contracts/generated-types';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import type { FindingStore } from './catalog/finding-store.js';

/**
 * Keeps a finding (its newest revision) with the tables its statement touches, so that
 * when the dataset built for it is measured the engine can design candidates for it and
 * consolidate them with every other finding on those tables. A statement the engine will
 * not tune is recorded with its reason code.
 */
export async function handleFinding(finding: QueryFinding, findings: FindingStore, model: SchemaModel | null): Promise<void> {
  let kind = 'OTHER';
  let tables: string[] = [];
  try {
    const shape = analyzeStatement(finding.normalizedSql, model);
    kind = shape.kind;
    tables = [...new Set(shape.tables.map((t) => `${t.schema}.${t.name}`))];
  } catch {
    await findings.upsert(finding, kind, tables);
    await findings.recordSkip(finding.findingId, 'STATEMENT_NOT_ANALYSABLE', 'the statement does not parse');
    return;
  }
  await findings.upsert(finding, kind, tables);
  if (kind !== 'SELECT' && kind !== 'UPDATE' && kind !== 'DELETE') await findings.recordSkip(finding.findingId, 'STATEMENT_KIND_UNSUPPORTED', `${kind} statement`);
}
