import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const mainScript = fileURLToPath(new URL('./main.ts', import.meta.url));
const externalClient = fileURLToPath(new URL('./fixtures/external-kafkajs-client.mjs', import.meta.url));
const WAIT_MS = 30_000;

interface Running {
  child: ChildProcess;
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitForLine(pattern: RegExp): Promise<RegExpMatchArray>;
}

function run(command: string, args: string[], options: { detached?: boolean } = {}): Running {
  const child = spawn(command, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], detached: options.detached ?? false });
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      for (const l of [...listeners]) l();
    });
  }
  // 'close', not 'exit': it comes after stdout/stderr are drained, so the last lines are in.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  const waitForLine = (pattern: RegExp): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        for (const line of lines) {
          const match = pattern.exec(line);
          if (match) {
            cleanup();
            resolve(match);
            return true;
          }
        }
        return false;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no line matching ${pattern} within ${WAIT_MS} ms; output:\n${lines.join('\n')}`));
      }, WAIT_MS);
      const onExit = (): void => {
        if (!check()) {
          cleanup();
          reject(new Error(`exited before printing ${pattern}; output:\n${lines.join('\n')}`));
        }
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        listeners.delete(listener);
        child.off('close', onExit);
      };
      const listener = (): void => void check();
      if (check()) return;
      listeners.add(listener);
      child.once('close', onExit);
    });
  return { child, lines, exited, waitForLine };
}

function portIsClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('standalone broker (main.ts)', { timeout: 120_000 }, () => {
  it('serves an external kafkajs script when started with npm run test-broker, and stops on SIGTERM', async (t) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kafka-broker-main-'));
    t.after(() => rmSync(dataDir, { recursive: true, force: true }));
    // Own process group: npm and sh do not forward signals, so the test signals the whole group.
    const broker = run('npm', ['run', '--silent', 'test-broker', '--', '--port', '0', '--data-dir', dataDir], { detached: true });
    let stopped = false;
    t.after(async () => {
      if (stopped) return;
      try {
        process.kill(-broker.child.pid!, 'SIGKILL');
      } catch {
        // The group is already gone.
      }
      await broker.exited;
    });
    const [, port] = await broker.waitForLine(/^listening on 127\.0\.0\.1:(\d+)$/);

    const client = run(process.execPath, [externalClient, `127.0.0.1:${port}`]);
    t.after(() => {
      if (client.child.exitCode === null) client.child.kill('SIGKILL');
    });
    const { code } = await client.exited;
    assert.equal(code, 0, `external client failed:\n${client.lines.join('\n')}`);
    const summary = JSON.parse(client.lines.find((l) => l.startsWith('{'))!) as Record<string, unknown>;
    assert.deepEqual(summary, {
      created: true,
      partitions: 4,
      consumed: 60,
      assignments: summary.assignments,
      partitionsHandled: summary.partitionsHandled,
      groupState: 'Stable',
      groupMembers: 2,
      committedTotal: 60,
      highTotal: 60,
      listedGroup: true,
      topicDeleted: true,
    });
    const [a, b] = summary.assignments as number[][];
    assert.deepEqual([...a!, ...b!].sort(), [0, 1, 2, 3], 'the two members split the partitions');
    (summary.partitionsHandled as number[][]).forEach((handled, i) => {
      assert.ok(handled.length > 0, `member ${i} handled messages`);
      assert.ok(handled.every((p) => [a, b][i]!.includes(p)), `member ${i} handled only its own partitions`);
    });
    assert.ok(existsSync(join(dataDir, 'consumer-offsets.json')), 'offsets written to the data dir');

    process.kill(-broker.child.pid!, 'SIGTERM');
    await broker.waitForLine(/^stopped \(SIGTERM\)$/);
    await broker.exited;
    stopped = true;
    assert.ok(await portIsClosed(Number(port)), 'port released');
  });

  it('prints usage for --help, rejects bad arguments, and stops cleanly on SIGINT', async (t) => {
    const help = run(process.execPath, ['--import', 'tsx', mainScript, '--help']);
    assert.equal((await help.exited).code, 0);
    assert.ok(help.lines.some((l) => l.startsWith('Usage: npm run test-broker -- --port <port>')), help.lines.join('\n'));
    assert.ok(help.lines.some((l) => l.includes('--no-auto-create')));

    const bad = run(process.execPath, ['--import', 'tsx', mainScript, '--port', 'nope']);
    assert.equal((await bad.exited).code, 2);
    assert.ok(bad.lines.some((l) => l.includes('--port must be an integer')), bad.lines.join('\n'));
    const unknown = run(process.execPath, ['--import', 'tsx', mainScript, '--frobnicate']);
    assert.equal((await unknown.exited).code, 2);

    const broker = run(process.execPath, ['--import', 'tsx', mainScript, '--port', '0', '--partitions', '3', '--no-auto-create']);
    t.after(() => {
      if (broker.child.exitCode === null) broker.child.kill('SIGKILL');
    });
    const [, port] = await broker.waitForLine(/^listening on 127\.0\.0\.1:(\d+)$/);
    broker.child.kill('SIGINT');
    await broker.waitForLine(/^stopped \(SIGINT\)$/);
    assert.deepEqual(await broker.exited, { code: 0, signal: null });
    assert.ok(await portIsClosed(Number(port)));
  });
});
