import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { stderrLine } from '../../support/stderr-line.js';
import { waitUntil } from '../../support/wait-until.js';

const CLI = new URL('../../../../../cli/bin/shadowtune.mjs', import.meta.url).pathname;

interface Run {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
}

/** Every record line of every run, in arrival order, and the distinct sourcePositions among them. */
const received: string[] = [];
const distinct = new Set<string>();

function startCapture(path: string, checkpointDir: string): Run {
  const child = spawn(
    process.execPath,
    [CLI, 'capture', '--log', path, '--prefix', '%m [%p] %q%u@%d ', '--follow', '--print', '--checkpoint-dir', checkpointDir, '--read-chunk-bytes', '4096', '--follow-poll-interval', '20'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SHADOWTUNE_LOG_LEVEL: 'warn' } },
  );
  let partial = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (text: string) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (line.length === 0) continue;
      received.push(line);
      distinct.add((JSON.parse(line) as { sourcePosition: string }).sourcePosition);
    }
  });
  child.stderr?.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited };
}

function lines(from: number, count: number): string {
  let text = '';
  for (let i = from; i < from + count; i += 1) text += stderrLine(`SELECT * FROM accounts WHERE id = ${i} AND owner = 'owner-${i}@example.com'`);
  return text;
}

/** The identity of every line of the given files: file:<dev>:<inode>:0:<offset>:<line>. */
function expectedPositions(paths: readonly string[]): string[] {
  const positions: string[] = [];
  for (const path of paths) {
    const info = statSync(path, { bigint: true });
    const bytes = readFileSync(path);
    let offset = 0;
    let line = 1;
    while (offset < bytes.length) {
      positions.push(`file:${info.dev}:${info.ino}:0:${offset}:${line}`);
      offset = bytes.indexOf(10, offset) + 1;
      line += 1;
    }
  }
  return positions;
}

function sourcePositions(): string[] {
  return received.map((line) => (JSON.parse(line) as { sourcePosition: string }).sourcePosition);
}

describe('capture --follow across kill -9 and rotation (child process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'st-capture-kill-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('publishes every line exactly once', { timeout: 120_000 }, async () => {
    const path = join(dir, 'postgresql.log');
    const checkpoints = join(dir, 'checkpoints');
    writeFileSync(path, lines(0, 12_000));

    // 1. Killed mid-file.
    let run = startCapture(path, checkpoints);
    await waitUntil(() => received.length >= 1_000, 'the first records', 60_000);
    run.child.kill('SIGKILL');
    await run.exited;
    const beforeFirstKill = received.length;
    assert.ok(beforeFirstKill < 12_000, `killed mid-file (${beforeFirstKill} of 12000 published)`);

    // 2. While it is down, the file grows and is rotated by rename.
    appendFileSync(path, lines(12_000, 2_000));
    renameSync(path, `${path}.1`);
    writeFileSync(path, lines(14_000, 1_000));

    // 3. Restarted: it finishes the rotated file, then follows the new one, which is rotated again while it runs.
    run = startCapture(path, checkpoints);
    await waitUntil(() => distinct.size >= 15_000, 'the records written so far', 60_000);
    appendFileSync(path, lines(15_000, 1_000));
    renameSync(path, `${path}.2`);
    writeFileSync(path, lines(16_000, 4_000));
    await waitUntil(() => distinct.size >= 16_500, 'records of the second rotation', 60_000);
    run.child.kill('SIGKILL');
    await run.exited;

    // 4. Restarted once more; stopped cleanly when everything is in.
    run = startCapture(path, checkpoints);
    await waitUntil(() => distinct.size >= 20_000, 'every record', 60_000);
    run.child.kill('SIGTERM');
    assert.equal(await run.exited, 0);

    const expected = expectedPositions([`${path}.1`, `${path}.2`, path]);
    assert.equal(expected.length, 20_000);
    const positions = sourcePositions();
    const counts = new Map<string, number>();
    for (const position of positions) counts.set(position, (counts.get(position) ?? 0) + 1);
    const repeated = [...counts].filter(([, count]) => count > 1);
    assert.deepEqual(repeated, [], 'no line published twice');
    assert.deepEqual([...counts.keys()].sort(), [...expected].sort(), 'every line published');
    assert.ok(!received.some((line) => line.includes('@example.com')), 'no literal printed');
  });
});
