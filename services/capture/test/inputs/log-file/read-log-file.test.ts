import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, renameSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadModule } from 'libpg-query';
import { CheckpointStore } from '../../../src/inputs/log-file/checkpoint-store.js';
import { readLogFile, type ReadLogFileOptions } from '../../../src/inputs/log-file/read-log-file.js';
import { collectingPipeline, type CollectingPipeline } from '../../support/collecting-pipeline.js';
import { stderrLine } from '../../support/stderr-line.js';
import { waitUntil } from '../../support/wait-until.js';

const dir = mkdtempSync(join(tmpdir(), 'st-capture-read-'));

function options(target: CollectingPipeline, path: string, extra: Partial<ReadLogFileOptions> = {}): ReadLogFileOptions {
  return {
    file: { path, format: 'stderr', prefix: '%m [%p] %q%u@%d ', mode: 'once', startAt: 'beginning' },
    pipeline: target.pipeline,
    checkpoints: null,
    pollIntervalMs: 10,
    readChunkBytes: 4_096,
    metrics: target.metrics,
    logger: target.logger,
    ...extra,
  };
}

function lines(count: number, from = 0): string {
  return Array.from({ length: count }, (_, i) => stderrLine(`SELECT * FROM t WHERE id = ${from + i}`)).join('');
}

function positions(target: CollectingPipeline): string[] {
  return target.records.map((record) => record.sourcePosition ?? '');
}

describe('readLogFile', () => {
  before(async () => {
    await loadModule();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a file once, the last line even without a line break', async () => {
    const path = join(dir, 'once.log');
    writeFileSync(path, lines(500) + stderrLine('SELECT 1').trimEnd());
    const target = collectingPipeline();
    await readLogFile(options(target, path));
    assert.equal(target.records.length, 501);
    const info = statSync(path, { bigint: true });
    assert.equal(target.records[0]?.sourcePosition, `file:${info.dev}:${info.ino}:0:0:1`);
    assert.equal(new Set(positions(target)).size, 501);
  });

  it('leaves a line still being written for the next run when it keeps a checkpoint', async () => {
    const path = join(dir, 'partial.log');
    const checkpoints = join(dir, 'partial-checkpoints');
    const last = stderrLine('SELECT 2');
    writeFileSync(path, stderrLine('SELECT 1') + last.slice(0, 40));
    const first = collectingPipeline();
    await readLogFile(options(first, path, { checkpoints: new CheckpointStore(checkpoints, path) }));
    appendFileSync(path, last.slice(40));
    const second = collectingPipeline();
    await readLogFile(options(second, path, { checkpoints: new CheckpointStore(checkpoints, path) }));
    assert.deepEqual([first.records.length, second.records.length, first.deadLetters.length + second.deadLetters.length], [1, 1, 0]);
  });

  it('resumes from its checkpoint: a second run reads only what was added', async () => {
    const path = join(dir, 'resume.log');
    const checkpoints = join(dir, 'resume-checkpoints');
    writeFileSync(path, lines(300));
    const first = collectingPipeline();
    await readLogFile(options(first, path, { checkpoints: new CheckpointStore(checkpoints, path) }));
    appendFileSync(path, lines(200, 300));
    const second = collectingPipeline();
    await readLogFile(options(second, path, { checkpoints: new CheckpointStore(checkpoints, path) }));
    assert.equal(first.records.length, 300);
    assert.equal(second.records.length, 200);
    assert.equal(new Set([...positions(first), ...positions(second)]).size, 500);
    const checkpoint = new CheckpointStore(checkpoints, path).load();
    assert.deepEqual(checkpoint && [checkpoint.offset, checkpoint.line], [statSync(path).size, 501]);
  });

  it('follows appends, a rename rotation and a truncation, publishing every record once', async () => {
    const path = join(dir, 'follow.log');
    writeFileSync(path, lines(100));
    const target = collectingPipeline();
    const controller = new AbortController();
    const checkpoints = new CheckpointStore(join(dir, 'follow-checkpoints'), path);
    const running = readLogFile(options(target, path, { file: { path, format: 'stderr', prefix: '%m [%p] %q%u@%d ', mode: 'follow', startAt: 'beginning' }, checkpoints, signal: controller.signal }));
    await waitUntil(() => target.records.length === 100, '100 records');
    // A statement split over two writes (continuation line later) stays one record.
    appendFileSync(path, '2026-11-21 22:24:00.079 UTC [7] app@shop LOG:  duration: 1.000 ms  statement: SELECT *\n');
    appendFileSync(path, '\tFROM t\n');
    await waitUntil(() => target.records.length === 101, 'the two-part record');
    assert.equal(target.records[100]?.normalizedSql, 'SELECT * FROM t');
    appendFileSync(path, lines(50, 1_000));
    renameSync(path, `${path}.1`);
    appendFileSync(`${path}.1`, lines(5, 2_000));
    writeFileSync(path, lines(40, 3_000));
    await waitUntil(() => target.records.length === 196, 'records of the rotated and the new file');
    const beforeTruncation = statSync(path, { bigint: true });
    truncateSync(path, 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    appendFileSync(path, lines(10, 4_000));
    await waitUntil(() => target.records.length === 206, 'records after the truncation');
    controller.abort();
    await running;
    assert.equal(new Set(positions(target)).size, 206, 'every position is distinct');
    const afterTruncation = target.records.slice(196).map((record) => record.sourcePosition ?? '');
    assert.ok(afterTruncation.every((position) => position.startsWith(`file:${beforeTruncation.dev}:${beforeTruncation.ino}:1:`)), afterTruncation[0]);
    assert.match(await target.registry.metrics(), /shadowtune_capture_file_events_total\{event="rotation"\} 1/);
    assert.match(await target.registry.metrics(), /shadowtune_capture_file_events_total\{event="truncation"\} 1/);
  });

  it('finishes a file rotated while it was stopped, then reads the new one', async () => {
    const path = join(dir, 'down.log');
    const checkpointDir = join(dir, 'down-checkpoints');
    writeFileSync(path, lines(30));
    const first = collectingPipeline();
    await readLogFile(options(first, path, { checkpoints: new CheckpointStore(checkpointDir, path) }));
    appendFileSync(path, lines(20, 100));
    renameSync(path, `${path}.1`);
    writeFileSync(path, lines(25, 200));
    const second = collectingPipeline();
    const controller = new AbortController();
    const running = readLogFile(options(second, path, { file: { path, format: 'stderr', prefix: '%m [%p] %q%u@%d ', mode: 'follow', startAt: 'beginning' }, checkpoints: new CheckpointStore(checkpointDir, path), signal: controller.signal }));
    await waitUntil(() => second.records.length === 45, 'the rest of the rotated file and the new file');
    controller.abort();
    await running;
    assert.equal(new Set([...positions(first), ...positions(second)]).size, 75);
  });

  it('starts at the end of a file without checkpoint when told to, with the right line numbers', async () => {
    const path = join(dir, 'end.log');
    writeFileSync(path, lines(10));
    const target = collectingPipeline();
    const controller = new AbortController();
    const running = readLogFile(options(target, path, { file: { path, format: 'stderr', prefix: '%m [%p] %q%u@%d ', mode: 'follow', startAt: 'end' }, signal: controller.signal }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    appendFileSync(path, lines(1, 99));
    await waitUntil(() => target.records.length === 1, 'the appended record');
    controller.abort();
    await running;
    assert.match(target.records[0]?.sourcePosition ?? '', /:11$/);
  });

  it('fails clearly in once mode when the file does not exist', async () => {
    await assert.rejects(readLogFile(options(collectingPipeline(), join(dir, 'missing.log'))), /log file not found/);
  });
});
