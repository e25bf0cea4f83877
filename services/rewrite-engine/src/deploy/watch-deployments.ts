import type { DeployDeps } from './deploy-deps.js';
import { judgeWatch } from './judge-watch.js';
import { rollbackDeployment } from './rollback-deployment.js';

export interface WatchRound {
  readonly checked: number;
  readonly rolledBack: readonly string[];
  readonly kept: readonly string[];
}

/**
 * One round of watching: every applied change still under watch is judged on production
 * latency recorded from query.signatures (before vs after over the window); a regression
 * rolls it back automatically, the end of the window closes the watch.
 */
export async function watchDeployments(deps: DeployDeps): Promise<WatchRound> {
  const now = deps.now();
  const rolledBack: string[] = [];
  const kept: string[] = [];
  const watches = await deps.deployments.openWatches();
  for (const watch of watches) {
    const fingerprints = [];
    for (const fingerprint of watch.fingerprints) {
      fingerprints.push({
        fingerprint,
        before: await deps.latency.window(fingerprint, watch.appliedAt - watch.windowMs, watch.appliedAt),
        after: await deps.latency.window(fingerprint, watch.appliedAt, now + 60_000),
      });
    }
    const verdict = judgeWatch({ appliedAt: watch.appliedAt, windowMs: watch.windowMs, now, minCalls: deps.watch.minCalls, regressionFactor: deps.watch.regressionFactor, fingerprints });
    if (verdict.verdict === 'watching') continue;
    if (verdict.verdict === 'regressed') {
      await rollbackDeployment(deps, watch.deploymentId, `automatic rollback: ${verdict.detail}`);
      rolledBack.push(watch.deploymentId);
    } else {
      kept.push(watch.deploymentId);
    }
    await deps.deployments.closeWatch(watch.deploymentId, verdict.verdict, verdict);
  }
  return { checked: watches.length, rolledBack, kept };
}
