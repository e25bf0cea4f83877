import type { SchemaChangeProposal } from '@shadowtune/shared/contracts/generated-types';
import { quoteIdentifier, quoteLiteral } from '@shadowtune/shared/sql/quote-identifier';
import { downOf } from '../migration/down-of.js';
import type { MigrationPlan } from '../migration/migration-plan.js';
import { upOf } from '../migration/up-of.js';
import { qualifiedName } from '../usage/qualified-name.js';
import { proposalIdOf } from './proposal-id-of.js';
import type { SchemaChangeCandidate } from './schema-change-candidate.js';
import type { SchemaChangeSpec } from './schema-change-spec.js';

function columnOf(spec: SchemaChangeSpec): string | null {
  switch (spec.changeType) {
    case 'ADD_COLUMN':
    case 'ADJUST_DATA_TYPE':
    case 'ADD_FOREIGN_KEY':
    case 'RANGE_PARTITIONING':
      return spec.column;
    case 'GENERATED_COLUMN':
      return spec.columnName;
    default:
      return null;
  }
}

function dataTypeOf(spec: SchemaChangeSpec): string | null {
  switch (spec.changeType) {
    case 'ADD_COLUMN':
    case 'GENERATED_COLUMN':
      return spec.dataType;
    case 'ADJUST_DATA_TYPE':
      return spec.toType;
    case 'RANGE_PARTITIONING':
      return spec.columnType;
    default:
      return null;
  }
}

function indexStrategyOf(spec: SchemaChangeSpec): string | null {
  const list = (columns: readonly string[]) => columns.map(quoteIdentifier).join(', ');
  switch (spec.changeType) {
    case 'CREATE_INDEX':
      return `btree (${list(spec.columns)})${spec.include.length > 0 ? ` INCLUDE (${list(spec.include)})` : ''}`;
    case 'ADD_FOREIGN_KEY':
      return spec.indexName === null ? null : `btree (${list([spec.column])})`;
    case 'GENERATED_COLUMN':
      return `btree ((${quoteIdentifier(spec.sourceColumn)} ${spec.operator} ${quoteLiteral(spec.key)}))`;
    case 'ADJUST_DATA_TYPE':
      return spec.indexes.length === 0 ? null : `btree (${list([spec.column])}) rebuilt as ${spec.toType}`;
    case 'RANGE_PARTITIONING':
      return `partition by range (${list([spec.column])}) per ${spec.interval}, ${spec.bounds.length - 1} partitions and a default one`;
    default:
      return null;
  }
}

/** The published record of a schema change: what, why, evidence, up and down, prechecks, the A/B verdict. */
export function toSchemaChangeProposal(candidate: SchemaChangeCandidate, plan: MigrationPlan, verdict: string | null, createdAt: number, extraEvidence: Readonly<Record<string, number>> = {}): SchemaChangeProposal {
  return {
    proposalId: proposalIdOf(candidate.spec),
    changeType: candidate.spec.changeType,
    tableName: qualifiedName(candidate.spec.table),
    columnName: columnOf(candidate.spec),
    dataType: dataTypeOf(candidate.spec),
    indexStrategy: indexStrategyOf(candidate.spec),
    rationale: candidate.rationale,
    evidence: { ...candidate.evidence, ...extraEvidence },
    up: upOf(plan),
    down: downOf(plan),
    prechecks: plan.prechecks.map((p) => p.sql),
    verdict,
    status: 'PENDING',
    createdAt,
  };
}
