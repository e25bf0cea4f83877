import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PartitionLog } from './partition-log.js';
import type { RecordBatch } from './parse-record-batches.js';

export type AppendListener = (topic: string, partition: number) => void;

/**
 * All topics and their partition logs. On disk each partition is a directory
 * `<dataDir>/<topic>-<partition>/` as in Kafka, so topics (even empty ones) are rediscovered
 * from the directory names on restart.
 */
export class TopicStore {
  private readonly topics = new Map<string, PartitionLog[]>();
  private readonly listeners = new Set<AppendListener>();

  constructor(private readonly logDir: string | null) {
    if (logDir !== null) this.load(logDir);
  }

  names(): string[] {
    return [...this.topics.keys()];
  }

  get(topic: string): readonly PartitionLog[] | undefined {
    return this.topics.get(topic);
  }

  partition(topic: string, partition: number): PartitionLog | undefined {
    return this.topics.get(topic)?.[partition];
  }

  create(topic: string, partitions: number): void {
    const logs: PartitionLog[] = [];
    for (let p = 0; p < partitions; p++) logs.push(new PartitionLog(this.partitionDir(topic, p)));
    this.topics.set(topic, logs);
  }

  delete(topic: string): boolean {
    const logs = this.topics.get(topic);
    if (!logs) return false;
    this.topics.delete(topic);
    logs.forEach((log, p) => {
      log.close();
      const dir = this.partitionDir(topic, p);
      if (dir !== null) rmSync(dir, { recursive: true, force: true });
    });
    // Parked fetches on the topic wake up and answer UNKNOWN_TOPIC_OR_PARTITION right away.
    logs.forEach((_, p) => this.notify(topic, p));
    return true;
  }

  append(topic: string, partition: number, batches: readonly RecordBatch[]): bigint {
    const log = this.partition(topic, partition);
    if (!log) throw new Error(`no partition ${topic}/${partition}`);
    const base = log.append(batches);
    this.notify(topic, partition);
    return base;
  }

  onAppend(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    for (const logs of this.topics.values()) for (const log of logs) log.close();
  }

  private notify(topic: string, partition: number): void {
    for (const listener of [...this.listeners]) listener(topic, partition);
  }

  private partitionDir(topic: string, partition: number): string | null {
    return this.logDir === null ? null : join(this.logDir, `${topic}-${partition}`);
  }

  private load(logDir: string): void {
    mkdirSync(logDir, { recursive: true });
    const counts = new Map<string, number>();
    for (const entry of readdirSync(logDir, { withFileTypes: true })) {
      const match = entry.isDirectory() ? /^(.+)-(\d+)$/.exec(entry.name) : null;
      if (!match) continue;
      const topic = match[1]!;
      counts.set(topic, Math.max(counts.get(topic) ?? 0, Number(match[2]) + 1));
    }
    for (const [topic, partitions] of counts) this.create(topic, partitions);
  }
}
