/**
 * Position in [0, 1] along a time span for the uniform `u` when the density of events grows
 * exponentially so that the end of the span is `growth` times as dense as its start
 * (growth 1 = even). Inverse of F(t) = (e^{λt} - 1) / (e^λ - 1), λ = ln(growth).
 */
export function growthQuantile(u: number, growth: number): number {
  if (!(growth > 0) || Math.abs(growth - 1) < 1e-9) return u;
  const lambda = Math.log(growth);
  return Math.log1p(u * Math.expm1(lambda)) / lambda;
}
