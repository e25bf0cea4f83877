/**
 * Fits the exponent s of frequency ∝ rank^-s by least squares on log(count) against
 * log(rank), over the leading ranks whose counts are large enough (>= minCount) for
 * sampling noise not to flatten the tail. Counts must be sorted descending. Returns null
 * with fewer than 3 usable ranks.
 */
export function fitZipfExponent(countsDescending: readonly number[], minCount = 30, maxRanks = 200): number | null {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < countsDescending.length && i < maxRanks; i += 1) {
    const count = countsDescending[i] ?? 0;
    if (count < minCount) break;
    xs.push(Math.log(i + 1));
    ys.push(Math.log(count));
  }
  if (xs.length < 3) return null;
  const meanX = xs.reduce((a, b) => a + b, 0) / xs.length;
  const meanY = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i += 1) {
    const dx = (xs[i] ?? 0) - meanX;
    num += dx * ((ys[i] ?? 0) - meanY);
    den += dx * dx;
  }
  return den === 0 ? null : -num / den;
}
