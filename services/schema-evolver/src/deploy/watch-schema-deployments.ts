import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import { advanceSchemaDeployment } from '../catalog/advance-schema-deployment.js';
import { loadSchemaProposal } from '../catalog/load-schema-proposal.js';
import { saveSchemaDeploymentState } from '../catalog/save-schema-deployment-state.js';
import { tablesOfChange } from '../proposals/tables-of-change.js';
import { qualifiedName } from '../usage/qualified-name.js';
import { continueStagedDeployment } from './continue-staged-deployment.js';
import { executeSchemaRollback } from './execute-schema-rollback.js';
import { judgeWatch, type WatchSettings } from './judge-watch.js';
import type { SchemaDeploymentDeps } from './schema-deployment-deps.js';

export interface SchemaWatchSettings extends WatchSettings {
  readonly windowMs: number;
}

/** How long a watch waits for enough observations before it lets the change stand unjudged. */
const PATIENCE_WINDOWS = 4;

/**
 * Checks every applied schema change whose watch window has passed: production latency of
 * the fingerprints on the changed tables (and the proposal's), the window before vs the
 * window after. A regression is rolled back at once (ROLLBACK_REQUESTED, then the
 * rollback with its schema diff); a kept stage 1 of a staged deployment goes on to the
 * switch; otherwise the deployment is VERIFIED. Returns the deployments decided.
 */
export async function watchSchemaDeployments(deps: SchemaDeploymentDeps, settings: SchemaWatchSettings): Promise<number> {
  const now = deps.now();
  let watching: { deployment_id: string; proposal_id: string; policy: string; stage: string; applied_at: Date }[];
  try {
    const result = await deps.catalog.query(
      `SELECT e.deployment_id, e.proposal_id, e.policy, e.stage, e.applied_at FROM shadowtune.evolver_deployments e
         JOIN shadowtune.deployments d USING (deployment_id)
        WHERE e.watch_verdict = 'watching' AND d.step = 'APPLIED' AND e.applied_at + $1 * interval '1 millisecond' <= $2`,
      [settings.windowMs, new Date(now)],
    );
    watching = result.rows;
  } catch (error) {
    throw toDatabaseError(error);
  }
  let decided = 0;
  for (const row of watching) {
    const proposal = await loadSchemaProposal(deps.catalog, row.proposal_id);
    if (!proposal) continue;
    const tables = tablesOfChange(proposal.spec).map(qualifiedName);
    const appliedAt = row.applied_at.getTime();
    const samples = await deps.catalog.query<{ fingerprint: string; after: boolean; duration_ms: number }>(
      `SELECT s.fingerprint, s.observed_at >= $3 AS after, s.duration_ms FROM shadowtune.evolver_latency_samples s
        WHERE s.observed_at >= $2 AND s.observed_at < $4
          AND (s.fingerprint = ANY($5::text[]) OR s.fingerprint IN (SELECT fingerprint FROM shadowtune.evolver_workload WHERE relations && $1::text[]))`,
      [tables, new Date(appliedAt - settings.windowMs), new Date(appliedAt), new Date(appliedAt + settings.windowMs), proposal.fingerprints],
    );
    const byFingerprint = new Map<string, { before: number[]; after: number[] }>();
    for (const sample of samples.rows) {
      const entry = byFingerprint.get(sample.fingerprint) ?? { before: [], after: [] };
      (sample.after ? entry.after : entry.before).push(Number(sample.duration_ms));
      byFingerprint.set(sample.fingerprint, entry);
    }
    const judgement = judgeWatch(byFingerprint, settings);
    if (judgement.verdict === 'insufficient' && now < appliedAt + PATIENCE_WINDOWS * settings.windowMs) continue;
    decided += 1;
    if (judgement.verdict === 'regressed') {
      const worst = judgement.fingerprints.filter((f) => f.regressed).sort((a, b) => b.ratio - a.ratio)[0]!;
      await saveSchemaDeploymentState(deps.catalog, row.deployment_id, row.proposal_id, row.policy, { watchVerdict: 'regressed', watchFigures: judgement.fingerprints });
      const event = await advanceSchemaDeployment(deps.catalog, {
        deploymentId: row.deployment_id,
        from: ['APPLIED'],
        to: 'ROLLBACK_REQUESTED',
        reason: `automatic rollback: fingerprint ${worst.fingerprint} median ${worst.before.toFixed(2)} ms → ${worst.after.toFixed(2)} ms (×${worst.ratio.toFixed(2)}, Mann–Whitney p=${worst.pValue.toExponential(2)})`,
        statements: proposal.record.down,
      });
      if (event) await deps.publish(event);
      await executeSchemaRollback(deps, row.deployment_id);
      continue;
    }
    const verdict = judgement.verdict === 'kept' ? 'kept' : 'no-baseline';
    if (verdict === 'kept' && row.stage === 'expanded') {
      await saveSchemaDeploymentState(deps.catalog, row.deployment_id, row.proposal_id, row.policy, { watchFigures: judgement.fingerprints });
      await continueStagedDeployment(deps, row.deployment_id);
      continue;
    }
    await saveSchemaDeploymentState(deps.catalog, row.deployment_id, row.proposal_id, row.policy, { stage: row.stage === 'expanded' ? 'expanded' : 'verified', watchVerdict: verdict, watchFigures: judgement.fingerprints });
    if (row.stage === 'expanded') {
      // Not enough traffic to judge stage 1: the switch waits for an operator (or more traffic on a new request).
      deps.logger.warn({ deploymentId: row.deployment_id }, 'staged deployment: stage 1 could not be judged; the switch is not applied');
      continue;
    }
    const event = await advanceSchemaDeployment(deps.catalog, {
      deploymentId: row.deployment_id,
      from: ['APPLIED'],
      to: 'VERIFIED',
      reason:
        verdict === 'kept'
          ? `kept: ${judgement.fingerprints.length} fingerprint(s) judged, none regressed beyond ×${settings.regressionFactor}`
          : `verified without a verdict: fewer than ${settings.minCalls} observations per side after ${PATIENCE_WINDOWS} windows`,
      statements: [],
    });
    if (event) await deps.publish(event);
  }
  return decided;
}
