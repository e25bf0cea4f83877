import type { JsonValue } from '@shadowtune/shared/workflows/workflow-records';

/** What the API returns for each catalog object (camelCase, ISO timestamps). */

export interface ApplicationRecord {
  readonly applicationId: string;
  readonly personaId: string;
  readonly personaVersion: number;
  readonly targetServer: string;
  readonly databaseName: string;
  readonly status: 'requested' | 'ready' | 'failed';
  readonly workflowId: string | null;
  readonly workflowStatus: string | null;
  readonly requestedBy: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface ProposalSummary {
  readonly proposalId: string;
  readonly source: 'rewrite' | 'schema';
  readonly kind: string;
  readonly status: string;
  readonly rationale: string;
  readonly decidedBy: string | null;
  readonly decisionReason: string | null;
  readonly decidedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface ProposalDetail extends ProposalSummary {
  /** The proposal event as published: SQL or migration, rollback, evidence. */
  readonly record: JsonValue;
  readonly deployments: readonly DeploymentRecord[];
}

export interface DeploymentStepRecord {
  readonly step: string;
  readonly at: string;
  readonly reason: string | null;
  readonly statements: readonly string[];
}

export interface DeploymentRecord {
  readonly deploymentId: string;
  readonly proposalId: string;
  readonly proposalKind: string;
  readonly step: string;
  readonly policy: string;
  readonly statements: readonly string[];
  readonly reason: string | null;
  readonly trafficShare: number | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface DeploymentDetail extends DeploymentRecord {
  readonly steps: readonly DeploymentStepRecord[];
}

export interface FindingSummary {
  readonly findingId: string;
  readonly fingerprint: string;
  readonly patterns: readonly string[];
  readonly severity: string;
  readonly revision: number;
  readonly status: string;
  readonly normalizedSql: string | null;
  readonly firstDetectedAt: string;
  readonly updatedAt: string;
}

export interface FindingDetail extends FindingSummary {
  /** The QueryFinding record as published on query.findings. */
  readonly finding: JsonValue;
}

export interface SignatureTotals {
  readonly fingerprint: string;
  readonly normalizedSql: string | null;
  readonly totalMs: number;
  readonly meanMs: number | null;
  readonly p95Ms: number | null;
  readonly windowCalls: number;
  readonly lifetimeCalls: number;
  readonly rowsTotal: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
}

export interface ProposalRow {
  readonly proposal_id: string;
  readonly source: 'rewrite' | 'schema';
  readonly kind: string;
  readonly status: string;
  readonly rationale: string;
  readonly record: JsonValue;
  readonly decided_by: string | null;
  readonly decision_reason: string | null;
  readonly decided_at: Date | null;
  readonly created_at: Date;
  readonly updated_at: Date;
}

export function proposalSummaryOf(row: ProposalRow): ProposalSummary {
  return {
    proposalId: row.proposal_id,
    source: row.source,
    kind: row.kind,
    status: row.status,
    rationale: row.rationale,
    decidedBy: row.decided_by,
    decisionReason: row.decision_reason,
    decidedAt: row.decided_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export interface DeploymentRow {
  readonly deployment_id: string;
  readonly proposal_id: string;
  readonly proposal_kind: string;
  readonly step: string;
  readonly policy: string;
  readonly statements: string[];
  readonly reason: string | null;
  readonly traffic_share: number | null;
  readonly created_at: Date;
  readonly updated_at: Date;
}

export function deploymentRecordOf(row: DeploymentRow): DeploymentRecord {
  return {
    deploymentId: row.deployment_id,
    proposalId: row.proposal_id,
    proposalKind: row.proposal_kind,
    step: row.step,
    policy: row.policy,
    statements: row.statements,
    reason: row.reason,
    trafficShare: row.traffic_share,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
