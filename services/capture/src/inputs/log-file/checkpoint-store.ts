import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import type { LogFileCheckpoint } from './log-file-checkpoint.js';

function isCheckpoint(value: unknown): value is LogFileCheckpoint {
  const v = value as Partial<LogFileCheckpoint> | null;
  return (
    typeof v === 'object' && v !== null && typeof v.path === 'string' && typeof v.dev === 'string' && typeof v.ino === 'string' &&
    Number.isSafeInteger(v.generation) && (v.generation ?? -1) >= 0 &&
    Number.isSafeInteger(v.offset) && (v.offset ?? -1) >= 0 && Number.isSafeInteger(v.line) && (v.line ?? 0) >= 1
  );
}

/**
 * The durable checkpoint of one followed file. Written in two steps so that the step after
 * publishing is a single rename: `prepare` writes and fsyncs a temporary file before the
 * batch is published, `commit` renames it over the checkpoint afterwards (atomic on POSIX)
 * and fsyncs the directory. A kill -9 leaves either the old or the new checkpoint, whole.
 */
export class CheckpointStore {
  readonly file: string;
  private readonly pendingFile: string;
  private prepared = false;

  constructor(
    private readonly dir: string,
    logPath: string,
  ) {
    const name = createHash('sha256').update(resolve(logPath)).digest('hex').slice(0, 16);
    this.file = join(dir, `${name}.checkpoint.json`);
    this.pendingFile = join(dir, `${name}.checkpoint.json.pending`);
    mkdirSync(dir, { recursive: true });
  }

  load(): LogFileCheckpoint | null {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (cause) {
      throw new ShadowtuneError('CONFIG_INVALID', 'checkpoint file is not JSON', { cause, context: { file: this.file } });
    }
    if (!isCheckpoint(parsed)) throw new ShadowtuneError('CONFIG_INVALID', 'checkpoint file does not have the expected fields', { context: { file: this.file } });
    return parsed;
  }

  prepare(checkpoint: LogFileCheckpoint): void {
    const fd = openSync(this.pendingFile, 'w');
    try {
      writeSync(fd, `${JSON.stringify(checkpoint)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.prepared = true;
  }

  commit(): void {
    if (!this.prepared) return;
    renameSync(this.pendingFile, this.file);
    this.prepared = false;
    const dirFd = openSync(this.dir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  }

  /** prepare + commit, for checkpoints that follow no publish (rotation, truncation). */
  write(checkpoint: LogFileCheckpoint): void {
    this.prepare(checkpoint);
    this.commit();
  }
}
