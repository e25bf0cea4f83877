import { open, stat, type FileHandle } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CaptureLogFileConfig } from '@shadowtune/shared/config/services/capture-config';
import { ShadowtuneError, toShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import type { Logger } from '@shadowtune/shared/log/create-logger';
import { createLogDecoder } from '../../log/create-log-decoder.js';
import type { DecodedEntry } from '../../log/decoded-entry.js';
import type { LogDecoder } from '../../log/log-decoder.js';
import type { CaptureInput, CaptureMetrics } from '../../metrics/capture-metrics.js';
import type { CapturePipeline } from '../../pipeline/capture-pipeline.js';
import type { CheckpointStore } from './checkpoint-store.js';
import { countLines } from './count-lines.js';
import { findFileByIdentity } from './find-file-by-identity.js';

export interface ReadLogFileOptions {
  readonly file: CaptureLogFileConfig;
  readonly pipeline: CapturePipeline;
  /** null: no checkpoint (a restart reads again from `file.startAt`). */
  readonly checkpoints: CheckpointStore | null;
  readonly pollIntervalMs: number;
  readonly readChunkBytes: number;
  readonly metrics: CaptureMetrics;
  readonly logger: Logger;
  /** Stops follow mode: the batch in hand is published and checkpointed first. */
  readonly signal?: AbortSignal;
}

interface Segment {
  readonly path: string;
  readonly handle: FileHandle;
  readonly dev: string;
  readonly ino: string;
  generation: number;
  /** A rotated file found at start-up: read to its end, then go on with the configured path. */
  readonly drainOnly: boolean;
  decoder: LogDecoder;
  readOffset: number;
  /** Where a restart would begin reading this file. */
  committedOffset: number;
  committedLine: number;
}

const INPUT_OF_FORMAT: Readonly<Record<CaptureLogFileConfig['format'], CaptureInput>> = { stderr: 'stderr', csvlog: 'csvlog', jsonlog: 'jsonlog' };

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/**
 * Reads one PostgreSQL log file through the pipeline. `once`: to the end, then returns.
 * `follow`: like tail -F — waits for new bytes, follows the path to a new file when the old
 * one is renamed away (after reading the old one to its end), starts again at 0 when the
 * file is truncated. After each published batch the checkpoint (file identity, offset,
 * line) is committed, so a restart (even after kill -9) neither loses nor repeats a record;
 * a file rotated while capture was down is found again by its identity.
 */
export async function readLogFile(options: ReadLogFileOptions): Promise<void> {
  await new LogFileReader(options).run();
}

class LogFileReader {
  private readonly input: CaptureInput;
  private readonly buffer: Buffer;
  private readonly follow: boolean;

  constructor(private readonly options: ReadLogFileOptions) {
    this.input = INPUT_OF_FORMAT[options.file.format];
    this.buffer = Buffer.alloc(options.readChunkBytes);
    this.follow = options.file.mode === 'follow';
  }

  private get stopped(): boolean {
    return this.options.signal?.aborted === true;
  }

  async run(): Promise<void> {
    let segment = await this.firstSegment();
    if (segment === null) return;
    let idlePolls = 0;
    try {
      while (!this.stopped) {
        const bytesRead = await this.readChunk(segment);
        if (bytesRead > 0) {
          idlePolls = 0;
          continue;
        }
        if (!this.follow && !segment.drainOnly) {
          // With a checkpoint, a line still being written stays for the next run; without, the end is the end.
          await this.publish(segment, this.options.checkpoints === null ? segment.decoder.end() : segment.decoder.flushPending());
          return;
        }
        if (segment.drainOnly) {
          await this.publish(segment, segment.decoder.end());
          const next = await this.openSegment(this.options.file.path, 0, 1, 0, false);
          await segment.handle.close();
          if (next === null) return;
          segment = next;
          this.writeCheckpoint(segment);
          continue;
        }
        idlePolls += 1;
        // A stderr message may still get continuation lines; after a quiet poll it is complete.
        if (idlePolls === 2) await this.publish(segment, segment.decoder.flushPending());
        const replaced = await this.checkRotation(segment);
        if (replaced !== null) {
          segment = replaced;
          idlePolls = 0;
          continue;
        }
        await this.pause();
      }
    } finally {
      await segment.handle.close().catch(() => undefined);
    }
  }

  /** Where to start: the checkpoint (possibly in a rotated file), else startAt. */
  private async firstSegment(): Promise<Segment | null> {
    const { path, startAt } = this.options.file;
    const checkpoint = this.options.checkpoints?.load() ?? null;
    for (;;) {
      let info;
      try {
        info = await stat(path, { bigint: true });
      } catch (error) {
        if (!isMissing(error)) throw error;
        info = null;
      }
      if (checkpoint !== null) {
        if (info !== null && String(info.dev) === checkpoint.dev && String(info.ino) === checkpoint.ino) {
          if (Number(info.size) >= checkpoint.offset) return await this.openSegment(path, checkpoint.offset, checkpoint.line, checkpoint.generation, false);
          this.options.metrics.fileEvent('truncation');
          this.options.logger.warn({ path }, 'log file is shorter than its checkpoint (truncated while capture was stopped): reading from the start');
          return await this.openSegment(path, 0, 1, checkpoint.generation + 1, false);
        }
        const rotated = await findFileByIdentity(path, checkpoint.dev, checkpoint.ino);
        if (rotated !== null) {
          this.options.logger.info({ path, rotated }, 'log file was rotated while capture was stopped: finishing the rotated file first');
          return await this.openSegment(rotated, checkpoint.offset, checkpoint.line, checkpoint.generation, true);
        }
        this.options.metrics.fileEvent('checkpoint_file_gone');
        this.options.logger.warn({ path }, 'the file of the checkpoint is gone: records written to it after the checkpoint are lost');
      }
      if (info !== null) {
        if (startAt === 'end') {
          const size = Number(info.size);
          return await this.openSegment(path, size, (await countLines(path, size)) + 1, 0, false);
        }
        return await this.openSegment(path, 0, 1, 0, false);
      }
      if (!this.follow) throw new ShadowtuneError('INPUT_INVALID', 'log file not found', { context: { path } });
      await this.pause();
      if (this.stopped) return null;
    }
  }

  private async openSegment(path: string, offset: number, line: number, generation: number, drainOnly: boolean): Promise<Segment | null> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      if (isMissing(error) && this.follow) return null;
      throw error;
    }
    const info = await handle.stat({ bigint: true });
    const dev = String(info.dev);
    const ino = String(info.ino);
    const segment = { path, handle, dev, ino, generation, drainOnly, readOffset: offset, committedOffset: offset, committedLine: line };
    return { ...segment, decoder: this.decoderAt(segment, offset, line) };
  }

  /** Positions read `file:<dev>:<inode>:<truncation generation>:<byte offset>:<line>`. */
  private decoderAt(segment: { dev: string; ino: string; generation: number }, offset: number, line: number): LogDecoder {
    const { format, prefix } = this.options.file;
    return createLogDecoder({ format, prefix, identity: `file:${segment.dev}:${segment.ino}:${segment.generation}`, startOffset: offset, startLine: line });
  }

  private async readChunk(segment: Segment): Promise<number> {
    const { bytesRead } = await segment.handle.read(this.buffer, 0, this.buffer.length, segment.readOffset);
    if (bytesRead === 0) return 0;
    segment.readOffset += bytesRead;
    const chunk = this.buffer.subarray(0, bytesRead);
    await this.publish(segment, (sink) => segment.decoder.pushEach(chunk, sink));
    return bytesRead;
  }

  /**
   * Publishes the entries as one batch, then commits the checkpoint after the last of them.
   * On a publish failure in follow mode, reading restarts at the last checkpoint.
   */
  private async publish(segment: Segment, entries: readonly DecodedEntry[] | ((sink: (entry: DecodedEntry) => void) => void)): Promise<void> {
    const batch = this.options.pipeline.batch();
    const origin = { originalTopic: `log:${this.options.file.format}`, partition: -1, offset: -1 };
    let last: DecodedEntry | undefined;
    const handle = (entry: DecodedEntry): void => {
      batch.handleEntry(entry, this.input, origin);
      last = entry;
    };
    // Entries of a chunk are handled as the decoder completes them (see LogDecoder.pushEach).
    if (typeof entries === 'function') entries(handle);
    else for (const entry of entries) handle(entry);
    if (last === undefined) return;
    const checkpoints = this.options.checkpoints;
    checkpoints?.prepare({ path: this.options.file.path, dev: segment.dev, ino: segment.ino, generation: segment.generation, offset: last.nextOffset, line: last.nextLine });
    try {
      await batch.settle();
    } catch (error) {
      if (!this.follow) throw toShadowtuneError(error, 'HANDLER_FAILED');
      this.options.logger.error({ err: toShadowtuneError(error, 'HANDLER_FAILED'), path: this.options.file.path }, 'publishing a log batch failed: reading again from the last checkpoint');
      segment.readOffset = segment.committedOffset;
      segment.decoder = this.decoderAt(segment, segment.committedOffset, segment.committedLine);
      await this.pause();
      return;
    }
    checkpoints?.commit();
    segment.committedOffset = last.nextOffset;
    segment.committedLine = last.nextLine;
  }

  private writeCheckpoint(segment: Segment): void {
    this.options.checkpoints?.write({ path: this.options.file.path, dev: segment.dev, ino: segment.ino, generation: segment.generation, offset: segment.committedOffset, line: segment.committedLine });
  }

  /** Follows the path to a new file after a rename, or back to 0 after a truncation; null when neither happened. */
  private async checkRotation(segment: Segment): Promise<Segment | null> {
    let info;
    try {
      info = await stat(this.options.file.path, { bigint: true });
    } catch (error) {
      // Renamed away and not yet recreated: keep reading the old file meanwhile.
      if (isMissing(error)) return null;
      throw error;
    }
    if (String(info.dev) !== segment.dev || String(info.ino) !== segment.ino) {
      // The writer may still append to the renamed file for a moment: read it to its end twice.
      while ((await this.readChunk(segment)) > 0);
      await this.pause();
      while ((await this.readChunk(segment)) > 0);
      await this.publish(segment, segment.decoder.end());
      const next = await this.openSegment(this.options.file.path, 0, 1, 0, false);
      if (next === null) return null;
      await segment.handle.close();
      this.options.metrics.fileEvent('rotation');
      this.options.logger.info({ path: this.options.file.path }, 'log file rotated: following the new file');
      this.writeCheckpoint(next);
      return next;
    }
    const current = await segment.handle.stat({ bigint: true });
    if (Number(current.size) < segment.readOffset) {
      await this.publish(segment, segment.decoder.end());
      this.options.metrics.fileEvent('truncation');
      this.options.logger.info({ path: this.options.file.path }, 'log file truncated: reading from the start');
      segment.readOffset = 0;
      segment.committedOffset = 0;
      segment.committedLine = 1;
      segment.generation += 1;
      segment.decoder = this.decoderAt(segment, 0, 1);
      this.writeCheckpoint(segment);
    }
    return null;
  }

  private async pause(): Promise<void> {
    try {
      await sleep(this.options.pollIntervalMs, undefined, { signal: this.options.signal });
    } catch {
      // Aborted: the loop sees `stopped`.
    }
  }
}
