import pg from 'pg';

export interface DeployerConnectionOptions {
  readonly url: string;
  /** lock_timeout of every statement: a change never queues behind (and blocks) production traffic for long. */
  readonly lockTimeoutMs: number;
  /** statement_timeout of every statement, index builds and validations included. */
  readonly statementTimeoutMs: number;
  readonly applicationName?: string;
}

/**
 * The connections of a production deployer: every session runs under lock_timeout and
 * statement_timeout (set at connection, so no statement can run without them), two at most.
 */
export function openDeployerPool(options: DeployerConnectionOptions, defaultApplicationName: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: 2,
    application_name: options.applicationName ?? defaultApplicationName,
    options: `-c lock_timeout=${Math.round(options.lockTimeoutMs)} -c statement_timeout=${Math.round(options.statementTimeoutMs)}`,
  });
  pool.on('error', () => {
    // An idle client lost its connection; the next statement reconnects or reports DB_UNAVAILABLE.
  });
  return pool;
}
