import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface CommittedOffset {
  offset: bigint;
  metadata: string | null;
}

export interface OffsetToCommit extends CommittedOffset {
  topic: string;
  partition: number;
}

type OffsetFile = Record<string, Record<string, Record<string, [string, string | null]>>>;

/**
 * Committed offsets by group, topic and partition. With a file, every commit rewrites it
 * atomically (temp file + rename) so a crash leaves either the old or the new state, never a
 * torn one.
 */
export class OffsetStore {
  private readonly groups = new Map<string, Map<string, Map<number, CommittedOffset>>>();

  constructor(private readonly file: string | null) {
    if (file !== null) this.load(file);
  }

  get(group: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.groups.get(group)?.get(topic)?.get(partition);
  }

  /** Topic → partitions with a committed offset, for OffsetFetch with a null topic list. */
  committed(group: string): Map<string, number[]> {
    const out = new Map<string, number[]>();
    for (const [topic, partitions] of this.groups.get(group) ?? []) out.set(topic, [...partitions.keys()].sort((a, b) => a - b));
    return out;
  }

  groupIds(): string[] {
    return [...this.groups.keys()];
  }

  commit(group: string, offsets: readonly OffsetToCommit[]): void {
    if (offsets.length === 0) return;
    let topics = this.groups.get(group);
    if (!topics) this.groups.set(group, (topics = new Map()));
    for (const { topic, partition, offset, metadata } of offsets) {
      let partitions = topics.get(topic);
      if (!partitions) topics.set(topic, (partitions = new Map()));
      partitions.set(partition, { offset, metadata });
    }
    this.save();
  }

  /** Kafka drops a deleted topic's committed offsets; a re-created topic starts fresh. */
  deleteTopic(topic: string): void {
    let changed = false;
    for (const topics of this.groups.values()) changed = topics.delete(topic) || changed;
    if (changed) this.save();
  }

  private save(): void {
    if (this.file === null) return;
    const data: OffsetFile = {};
    for (const [group, topics] of this.groups) {
      const g: OffsetFile[string] = (data[group] = {});
      for (const [topic, partitions] of topics) {
        const t: OffsetFile[string][string] = (g[topic] = {});
        for (const [partition, { offset, metadata }] of partitions) t[partition] = [offset.toString(), metadata];
      }
    }
    const tmp = `${this.file}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(data));
    renameSync(tmp, this.file);
  }

  private load(file: string): void {
    mkdirSync(dirname(file), { recursive: true });
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return;
    }
    const data = JSON.parse(text) as OffsetFile;
    for (const [group, topics] of Object.entries(data)) {
      const t = new Map<string, Map<number, CommittedOffset>>();
      for (const [topic, partitions] of Object.entries(topics)) {
        const p = new Map<number, CommittedOffset>();
        for (const [partition, [offset, metadata]] of Object.entries(partitions)) {
          p.set(Number(partition), { offset: BigInt(offset), metadata });
        }
        t.set(topic, p);
      }
      this.groups.set(group, t);
    }
  }
}
