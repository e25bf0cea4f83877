import type pg from 'pg';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import { deploymentRecordOf, type DeploymentRecord, type DeploymentRow } from './catalog-records.js';

/** Deployments newest first, optionally at one step (keyset on created_at, deployment_id). */
export async function listDeployments(
  db: pg.Pool,
  options: { readonly limit: number; readonly after?: readonly [string, string] | null; readonly step?: string | null },
): Promise<{ readonly items: readonly DeploymentRecord[]; readonly next: readonly [string, string] | null }> {
  try {
    const result = await db.query<DeploymentRow>(
      `SELECT * FROM shadowtune.deployments
        WHERE ($1::timestamptz IS NULL OR (created_at, deployment_id) < ($1::timestamptz, $2::text)) AND ($3::text IS NULL OR step = $3)
        ORDER BY created_at DESC, deployment_id DESC LIMIT $4`,
      [options.after?.[0] ?? null, options.after?.[1] ?? null, options.step ?? null, options.limit + 1],
    );
    const items = result.rows.slice(0, options.limit).map(deploymentRecordOf);
    const last = items[items.length - 1];
    return { items, next: result.rows.length > options.limit && last ? [last.createdAt, last.deploymentId] : null };
  } catch (error) {
    throw toDatabaseError(error);
  }
}
