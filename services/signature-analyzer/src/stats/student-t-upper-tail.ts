import { regularizedIncompleteBeta } from './regularized-incomplete-beta.js';

/** P(T > t) for Student's t distribution with `degreesOfFreedom` (> 0, may be fractional). */
export function studentTUpperTail(t: number, degreesOfFreedom: number): number {
  if (!Number.isFinite(t)) return t > 0 ? 0 : 1;
  const x = degreesOfFreedom / (degreesOfFreedom + t * t);
  const tail = 0.5 * regularizedIncompleteBeta(x, degreesOfFreedom / 2, 0.5);
  return t >= 0 ? tail : 1 - tail;
}
