import pg from 'pg';
import { createMigrationDeployer } from '@shadowtune/shared/db/create-migration-deployer';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import { ShadowtuneError, toShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import type { Logger } from '@shadowtune/shared/log/create-logger';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import type { UsedStatement } from '../analysis/used-statement.js';
import type { MigrationPlan } from '../migration/migration-plan.js';
import type { SchemaChangeCandidate } from '../proposals/schema-change-candidate.js';
import { tableKeyOf } from '../usage/table-key-of.js';
import type { AbVerdict } from './ab-verdict.js';
import { createShadowCopies } from './create-shadow-copies.js';
import { judgeAb, type JudgeSettings } from './judge-ab.js';
import { planParameters } from './plan-parameters.js';
import type { ReplayStatement, WorkloadReplayer } from './workload-replayer.js';

export interface ShadowAbSettings extends JudgeSettings {
  readonly runsPerFingerprint: number;
  readonly warmupRuns: number;
  readonly maxFingerprints: number;
  readonly statementTimeoutMs: number;
  readonly seed: number;
}

/** A p-value below this (but above alpha) on a changed plan earns a second round of measurements. */
const INCONCLUSIVE_P = 0.3;

export type ShadowAbResult =
  | ({ readonly kind: 'judged' } & AbVerdict)
  | { readonly kind: 'failed'; readonly summary: string; readonly errorCode: string };

/** Tables a change touches: its table, and the referenced one for a foreign key. */
function changedTables(candidate: SchemaChangeCandidate): Set<string> {
  const tables = new Set([tableKeyOf(candidate.spec.table)]);
  if (candidate.spec.changeType === 'ADD_FOREIGN_KEY') tables.add(tableKeyOf(candidate.spec.referencedTable));
  return tables;
}

/**
 * A/B of one migration on the shadow: two copies of the shadow template, the migration
 * applied to one of them through the migration deployer (the same path production uses),
 * both analyzed, then the workload on the changed tables replayed against both — the
 * fingerprints with their measured mix and parameters drawn to match their profiles —
 * and judged fingerprint by fingerprint (a fingerprint whose plan changed but whose first
 * round was inconclusive is measured once more). The copies are dropped afterwards.
 */
export async function runShadowAb(input: {
  readonly candidate: SchemaChangeCandidate;
  readonly plan: MigrationPlan;
  readonly used: readonly UsedStatement[];
  readonly model: SchemaModel;
  /** URL of any database on the shadow server, and the database copied for each side. */
  readonly shadowServerUrl: string;
  readonly shadowTemplate: string;
  readonly replayer: WorkloadReplayer;
  readonly settings: ShadowAbSettings;
  /** Resolved JSON keys: fingerprint → placeholder position → key. */
  readonly jsonKeys: ReadonlyMap<string, ReadonlyMap<number, string>>;
  readonly logger: Logger;
}): Promise<ShadowAbResult> {
  const copies = await createShadowCopies({ serverUrl: input.shadowServerUrl, template: input.shadowTemplate });
  try {
    const deployer = await createMigrationDeployer({ url: copies.candidateUrl, lockTimeoutMs: 10_000, statementTimeoutMs: 3_600_000, applicationName: 'shadowtune-ab-migrate' });
    try {
      for (const step of input.plan.steps) await deployer.runStep(step.up);
    } catch (error) {
      const failure = toShadowtuneError(error);
      return { kind: 'failed', summary: `the migration failed on the shadow copy (${failure.code}): ${failure.message}`, errorCode: failure.code };
    } finally {
      await deployer.close();
    }
    const tables = changedTables(input.candidate);
    const motivating = new Set(input.candidate.fingerprints);
    const selected = input.used
      .filter((u) => motivating.has(u.statement.fingerprint) || u.usage.tables.some((t) => tables.has(tableKeyOf(t))) || u.usage.missingTables.some((t) => tables.has(tableKeyOf(t))))
      .sort((a, b) => Number(motivating.has(b.statement.fingerprint)) - Number(motivating.has(a.statement.fingerprint)) || b.weight - a.weight)
      .slice(0, input.settings.maxFingerprints);
    if (selected.length === 0) return { kind: 'failed', summary: 'no observed statement touches the changed tables: nothing to replay', errorCode: 'VALIDATION_FAILED' };
    const baseline = new pg.Client({ connectionString: copies.baselineUrl, application_name: 'shadowtune-ab-sample' });
    const statements: ReplayStatement[] = [];
    try {
      await baseline.connect();
      for (const url of [copies.baselineUrl, copies.candidateUrl]) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        // The same maintenance on both sides: statistics and visibility maps as after a normal day.
        await client.query('VACUUM ANALYZE').finally(() => client.end());
      }
      const total = selected.reduce((sum, u) => sum + u.weight, 0);
      for (const used of selected) {
        const share = total > 0 ? used.weight / total : 1 / selected.length;
        const runs = Math.min(3 * input.settings.runsPerFingerprint, Math.max(input.settings.runsPerFingerprint, Math.round(share * input.settings.runsPerFingerprint * selected.length)));
        statements.push({
          fingerprint: used.statement.fingerprint,
          sql: used.statement.normalizedSql,
          share,
          runs,
          parameters: await planParameters({
            sql: used.statement.normalizedSql,
            usage: used.usage,
            profiles: used.statement.parameters,
            model: input.model,
            baseline,
            jsonKeys: input.jsonKeys.get(used.statement.fingerprint) ?? new Map(),
          }),
        });
      }
    } catch (error) {
      throw new ShadowtuneError('SHADOW_FAILED', 'preparing the replay on the shadow copies failed', { cause: toDatabaseError(error) });
    } finally {
      await baseline.end().catch(() => undefined);
    }
    const request = {
      baselineUrl: copies.baselineUrl,
      candidateUrl: copies.candidateUrl,
      statements,
      warmupRuns: input.settings.warmupRuns,
      statementTimeoutMs: input.settings.statementTimeoutMs,
      seed: input.settings.seed,
    };
    let measurements = await input.replayer(request);
    // One more round for the fingerprints the first could not decide (a busy machine is noisy).
    const undecided = new Set(
      judgeAb(measurements, input.settings)
        .fingerprints.filter((f) => f.outcome === 'NEUTRAL' && f.pValue !== null && f.pValue < INCONCLUSIVE_P && !f.samePlan)
        .map((f) => f.fingerprint),
    );
    if (undecided.size > 0) {
      const more = await input.replayer({ ...request, statements: statements.filter((s) => undecided.has(s.fingerprint)), warmupRuns: 0, seed: input.settings.seed + 1 });
      measurements = measurements.map((m) => {
        const extra = more.find((x) => x.fingerprint === m.fingerprint);
        if (!extra) return m;
        const merge = (a: typeof m.baseline, b: typeof m.baseline) => ({ ...a, latenciesMs: [...a.latenciesMs, ...b.latenciesMs], errors: a.errors + b.errors });
        return { ...m, baseline: merge(m.baseline, extra.baseline), candidate: merge(m.candidate, extra.candidate) };
      });
    }
    const verdict = judgeAb(measurements, input.settings);
    input.logger.info({ changeType: input.candidate.spec.changeType, verdict: verdict.verdict, fingerprints: verdict.fingerprints.length }, 'shadow A/B judged');
    return { kind: 'judged', ...verdict };
  } finally {
    await copies.drop().catch((error: unknown) => input.logger.warn({ err: error, databases: copies.names }, 'could not drop the shadow copies'));
  }
}
