import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const SHADOWTUNE_BIN = fileURLToPath(new URL('../../../cli/bin/shadowtune.mjs', import.meta.url));

export interface SpawnedShadowtune {
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the first stdout/stderr line matching, or rejects on timeout or exit. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (or 128 + signal number). */
  exited: Promise<number>;
}

const SIGNAL_NUMBERS: Record<string, number> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/** Runs the real `shadowtune` command as a child process (an OS process of its own). */
export function spawnShadowtune(args: readonly string[], env: Readonly<Record<string, string>> = {}): SpawnedShadowtune {
  const child = spawn(process.execPath, [SHADOWTUNE_BIN, ...args], {
    env: { ...process.env, SHADOWTUNE_LOG_LEVEL: 'info', ...env },
    stdio: 'pipe',
  });
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const listener of [...listeners]) listener();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number>((resolve) => {
    child.on('exit', (code, signal) => {
      resolve(code ?? 128 + (SIGNAL_NUMBERS[signal ?? ''] ?? 0));
      for (const listener of [...listeners]) listener();
    });
  });
  let finished = false;
  void exited.then(() => (finished = true));
  return {
    child,
    output: () => text,
    exited,
    waitForLine(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = text.split('\n').find((l) => pattern.test(l));
          if (line !== undefined) {
            cleanup();
            resolve(line);
          } else if (finished) {
            cleanup();
            reject(new Error(`process exited before printing ${pattern}:\n${text}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${pattern}:\n${text}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
  };
}
