/** Exit codes of every shadowtune command (documented in the README). */
export const EXIT_CODES = {
  /** Done; for analysis commands, also when findings were printed. */
  OK: 0,
  /** Failed at run time (a dependency failed, a bug). */
  FAILURE: 1,
  /** Wrong usage or invalid configuration: nothing was done. */
  USAGE: 2,
  /** A required server (PostgreSQL, Kafka, schema registry) could not be reached. */
  UNAVAILABLE: 3,
  /** Stopped by SIGINT (128 + 2). */
  INTERRUPTED: 130,
  /** Stopped by SIGTERM after a clean shutdown is not an error: OK is used. */
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
