import type { VolumeObservation, VolumeTrend } from '../analysis/data-analysis-results.js';

const DAY_MS = 86_400_000;

/**
 * Fits rows = a + b·t by least squares over one table's observations from one source
 * (b in rows per day), with the fit's R². The latest observation gives the current size.
 * null with fewer than two observations or no time between them.
 */
export function fitVolumeTrend(
  observations: readonly VolumeObservation[],
  timeColumn: { readonly column: string; readonly min: number; readonly max: number } | null = null,
): VolumeTrend | null {
  if (observations.length < 2) return null;
  const sorted = [...observations].sort((a, b) => a.at - b.at);
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  if (last.at === first.at) return null;
  const xs = sorted.map((o) => (o.at - first.at) / DAY_MS);
  const ys = sorted.map((o) => o.rows);
  const n = xs.length;
  const meanX = xs.reduce((s, x) => s + x, 0) / n;
  const meanY = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i += 1) {
    sxy += (xs[i]! - meanX) * (ys[i]! - meanY);
    sxx += (xs[i]! - meanX) ** 2;
    syy += (ys[i]! - meanY) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const rSquared = sxx > 0 && syy > 0 ? (sxy * sxy) / (sxx * syy) : syy === 0 ? 1 : 0;
  return {
    table: first.table,
    source: first.source,
    observations: n,
    firstAt: first.at,
    lastAt: last.at,
    rows: last.rows,
    bytes: last.bytes,
    rowsPerDay: slope,
    growthPerDay: last.rows > 0 ? slope / last.rows : 0,
    rSquared,
    timeColumn: timeColumn?.column ?? null,
    timeMin: timeColumn?.min ?? null,
    timeMax: timeColumn?.max ?? null,
  };
}
