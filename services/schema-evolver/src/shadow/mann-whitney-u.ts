/** Standard normal upper tail, by the Abramowitz–Stegun erfc approximation (error < 1.5e-7). */
function normalUpperTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

export interface MannWhitneyResult {
  /** U of the first sample (how often a value of `a` exceeds one of `b`, ties counting half). */
  readonly u: number;
  readonly z: number;
  /** Two-sided p-value (normal approximation with tie correction and continuity correction). */
  readonly pValue: number;
}

/**
 * Mann–Whitney U test of two independent samples: are values of one side systematically
 * larger than the other's? Rank-based, so robust to the long tails latencies have. Meant
 * for samples of about ten or more each (normal approximation).
 */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): MannWhitneyResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return { u: 0, z: 0, pValue: 1 };
  const all = [...a.map((v) => ({ v, first: true })), ...b.map((v) => ({ v, first: false }))].sort((x, y) => x.v - y.v);
  let rankSumA = 0;
  let tieTerm = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j + 1 < all.length && all[j + 1]!.v === all[i]!.v) j += 1;
    const rank = (i + j) / 2 + 1;
    const ties = j - i + 1;
    if (ties > 1) tieTerm += ties ** 3 - ties;
    for (let k = i; k <= j; k += 1) if (all[k]!.first) rankSumA += rank;
    i = j + 1;
  }
  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const n = n1 + n2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return { u, z: 0, pValue: 1 };
  const diff = u - mean;
  const z = (Math.abs(diff) - 0.5) / Math.sqrt(variance);
  const pValue = Math.min(1, 2 * normalUpperTail(Math.max(0, z)));
  return { u, z: diff >= 0 ? Math.max(0, z) : -Math.max(0, z), pValue };
}
