/** Environment variable of a config path: `performanceThreshold.executionTimeMs` → `SHADOWTUNE_PERFORMANCE_THRESHOLD__EXECUTION_TIME_MS`. */
export function envNameOf(path: readonly string[]): string {
  const segments = path.map((segment) => segment.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/-/g, '_').toUpperCase());
  return `SHADOWTUNE_${segments.join('__')}`;
}

/** Variables that start with SHADOWTUNE_ but are not config keys. */
export const NON_CONFIG_ENV = new Set(['SHADOWTUNE_CONFIG']);
export const NON_CONFIG_ENV_PREFIXES = ['SHADOWTUNE_TEST_'];

/** Short names kept for operators' convenience, mapped to their config path. */
export const ENV_ALIASES: Readonly<Record<string, readonly string[]>> = {
  SHADOWTUNE_API_TOKEN: ['services', 'controlPlane', 'apiToken'],
};
