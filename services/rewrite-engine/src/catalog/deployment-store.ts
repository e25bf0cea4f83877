import type pg from 'pg';
import type { DeploymentEvent, DeploymentPolicy, DeploymentStep } from '@shadowtune/shared/contracts/generated-types';
import { runQuery } from './run-query.js';

export interface StoredDeployment {
  readonly deploymentId: string;
  readonly proposalId: string;
  readonly proposalKind: string;
  readonly step: DeploymentStep;
  readonly policy: DeploymentPolicy;
  readonly trafficShare: number | null;
}

export interface WatchRow {
  readonly deploymentId: string;
  readonly proposalId: string;
  readonly fingerprints: readonly string[];
  readonly appliedAt: number;
  readonly windowMs: number;
}

export type CreateOutcome = 'created' | 'exists' | 'another-live';

export interface DeploymentStore {
  /** Creates the deployment at step REQUESTED; 'exists' for a redelivery, 'another-live' when the proposal is being deployed under another id. */
  create(deployment: Omit<StoredDeployment, 'step'>, reason: string | null): Promise<CreateOutcome>;
  get(deploymentId: string): Promise<StoredDeployment | null>;
  liveFor(proposalId: string): Promise<StoredDeployment | null>;
  countFor(proposalId: string): Promise<number>;
  /** Moves the deployment to the event's step and appends it to the history (a repeated step is recorded once). */
  recordStep(event: DeploymentEvent): Promise<void>;
  steps(deploymentId: string): Promise<{ step: string; reason: string | null }[]>;
  openWatch(watch: WatchRow): Promise<void>;
  openWatches(): Promise<WatchRow[]>;
  closeWatch(deploymentId: string, verdict: 'kept' | 'regressed' | 'no-baseline', figures: { beforeMeanMs: number | null; afterMeanMs: number | null; beforeCalls: number; afterCalls: number }): Promise<void>;
  watchOf(deploymentId: string): Promise<{ verdict: string } | null>;
}

function rowToDeployment(row: Record<string, unknown>): StoredDeployment {
  return {
    deploymentId: String(row.deployment_id),
    proposalId: String(row.proposal_id),
    proposalKind: String(row.proposal_kind),
    step: row.step as DeploymentStep,
    policy: row.policy as DeploymentPolicy,
    trafficShare: (row.traffic_share as number | null) ?? null,
  };
}

export function deploymentStore(db: pg.Pool): DeploymentStore {
  const select = 'SELECT deployment_id, proposal_id, proposal_kind, step, policy, traffic_share FROM shadowtune.deployments';
  return {
    async create(deployment, reason) {
      try {
        const result = await runQuery(
          db,
          `INSERT INTO shadowtune.deployments (deployment_id, proposal_id, proposal_kind, step, policy, reason, traffic_share)
           VALUES ($1, $2, $3, 'REQUESTED', $4, $5, $6) ON CONFLICT (deployment_id) DO NOTHING`,
          [deployment.deploymentId, deployment.proposalId, deployment.proposalKind, deployment.policy, reason, deployment.trafficShare],
        );
        return (result.rowCount ?? 0) > 0 ? 'created' : 'exists';
      } catch (error) {
        const state = (error as { context?: { sqlState?: string } }).context?.sqlState;
        if (state === '23505') return 'another-live';
        throw error;
      }
    },
    async get(deploymentId) {
      const row = (await runQuery(db, `${select} WHERE deployment_id = $1`, [deploymentId])).rows[0];
      return row ? rowToDeployment(row) : null;
    },
    async liveFor(proposalId) {
      const row = (await runQuery(db, `${select} WHERE proposal_id = $1 AND step IN ('REQUESTED', 'APPLIED', 'VERIFIED', 'ROLLBACK_REQUESTED') LIMIT 1`, [proposalId])).rows[0];
      return row ? rowToDeployment(row) : null;
    },
    async countFor(proposalId) {
      return Number((await runQuery(db, 'SELECT count(*)::int AS n FROM shadowtune.deployments WHERE proposal_id = $1', [proposalId])).rows[0]?.n ?? 0);
    },
    async recordStep(event) {
      await runQuery(
        db,
        `UPDATE shadowtune.deployments SET step = $2, statements = $3, reason = COALESCE($4, reason), traffic_share = COALESCE($5, traffic_share), updated_at = now() WHERE deployment_id = $1`,
        [event.deploymentId, event.step, JSON.stringify(event.statements), event.reason, event.trafficShare],
      );
      await runQuery(
        db,
        `INSERT INTO shadowtune.deployment_steps (deployment_id, step, at, reason, statements)
         SELECT $1, $2, to_timestamp($3 / 1000.0), $4, $5
         WHERE NOT EXISTS (SELECT 1 FROM shadowtune.deployment_steps WHERE deployment_id = $1 AND step = $2)`,
        [event.deploymentId, event.step, event.at, event.reason, JSON.stringify(event.statements)],
      );
    },
    async steps(deploymentId) {
      return (await runQuery(db, `SELECT step, reason FROM shadowtune.deployment_steps WHERE deployment_id = $1 ORDER BY at, array_position(ARRAY['REQUESTED', 'APPLIED', 'VERIFIED', 'FAILED', 'ROLLBACK_REQUESTED', 'ROLLED_BACK'], step)`, [deploymentId])).rows.map((r) => ({
        step: String(r.step),
        reason: (r.reason as string | null) ?? null,
      }));
    },
    async openWatch(watch) {
      await runQuery(
        db,
        `INSERT INTO shadowtune.deployment_watches (deployment_id, proposal_id, fingerprints, applied_at, window_ms) VALUES ($1, $2, $3, to_timestamp($4 / 1000.0), $5)
         ON CONFLICT (deployment_id) DO NOTHING`,
        [watch.deploymentId, watch.proposalId, [...watch.fingerprints], watch.appliedAt, watch.windowMs],
      );
    },
    async openWatches() {
      const rows = (await runQuery(db, `SELECT deployment_id, proposal_id, fingerprints, (extract(epoch FROM applied_at) * 1000)::float8 AS applied_at, window_ms FROM shadowtune.deployment_watches WHERE verdict = 'watching' ORDER BY applied_at`)).rows;
      return rows.map((r) => ({
        deploymentId: String(r.deployment_id),
        proposalId: String(r.proposal_id),
        fingerprints: r.fingerprints as string[],
        appliedAt: Number(r.applied_at),
        windowMs: Number(r.window_ms),
      }));
    },
    async closeWatch(deploymentId, verdict, figures) {
      await runQuery(
        db,
        `UPDATE shadowtune.deployment_watches SET verdict = $2, before_mean_ms = $3, after_mean_ms = $4, before_calls = $5, after_calls = $6, decided_at = now()
         WHERE deployment_id = $1 AND verdict = 'watching'`,
        [deploymentId, verdict, figures.beforeMeanMs, figures.afterMeanMs, figures.beforeCalls, figures.afterCalls],
      );
    },
    async watchOf(deploymentId) {
      const row = (await runQuery(db, 'SELECT verdict FROM shadowtune.deployment_watches WHERE deployment_id = $1', [deploymentId])).rows[0];
      return row ? { verdict: String(row.verdict) } : null;
    },
  };
}
