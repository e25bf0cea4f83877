import type { MemberEvent } from './group-member.js';
import { MessageCollector } from './message-collector.js';

/**
 * Watches a consumer group's members (in-process or child processes) and checks the
 * delivery contract as events arrive: a message may be handled again only if its offset had
 * not been committed yet, i.e. redelivery of uncommitted work is the only duplication.
 */
export class GroupObserver {
  readonly events = new MessageCollector<MemberEvent>();
  readonly handledBy = new Map<string, Set<string>>();
  readonly illegalDuplicates: string[] = [];
  private readonly committed = new Map<number, number>();
  private readonly seen = new Map<string, number>();

  readonly record = (event: MemberEvent): void => {
    if (event.type === 'commit') {
      for (const { partition, offset } of event.offsets) {
        this.committed.set(partition, Math.max(this.committed.get(partition) ?? -1, offset));
      }
    } else if (event.type === 'message') {
      const key = `${event.partition}/${event.offset}`;
      const times = (this.seen.get(key) ?? 0) + 1;
      this.seen.set(key, times);
      const committed = this.committed.get(event.partition) ?? -1;
      // A committed offset is the next one to read, so offset < committed means "already done".
      if (times > 1 && event.offset < committed) {
        this.illegalDuplicates.push(`${key} (${event.value}) handled again by ${event.member} after commit ${committed}`);
      }
      let values = this.handledBy.get(event.member);
      if (!values) this.handledBy.set(event.member, (values = new Set()));
      values.add(event.value);
    }
    this.events.push(event);
  };

  get duplicates(): number {
    let n = 0;
    for (const times of this.seen.values()) n += times - 1;
    return n;
  }

  latestAssignment(member: string): number[] | undefined {
    for (let i = this.events.items.length - 1; i >= 0; i--) {
      const e = this.events.items[i]!;
      if (e.type === 'join' && e.member === member) return e.partitions;
    }
    return undefined;
  }

  handledValues(): Set<string> {
    const all = new Set<string>();
    for (const e of this.events.items) if (e.type === 'message') all.add(e.value);
    return all;
  }

  /** Waits until `members` hold disjoint assignments covering partitions 0..n-1, sized as given. */
  waitForAssignment(members: readonly string[], sizes: readonly number[], partitions: number, timeoutMs: number): Promise<void> {
    const want = [...sizes].sort().join(',');
    return this.events.waitFor(
      () => {
        const assigned = members.map((m) => this.latestAssignment(m) ?? []);
        const union = new Set(assigned.flat());
        return union.size === partitions && assigned.flat().length === partitions && assigned.map((a) => a.length).sort().join(',') === want;
      },
      timeoutMs,
      `assignment ${want} over ${members.join(', ')}`,
    );
  }

  waitForValues(values: Iterable<string>, timeoutMs: number): Promise<void> {
    const wanted = [...values];
    return this.events.waitFor(
      () => {
        const have = this.handledValues();
        return wanted.every((v) => have.has(v));
      },
      timeoutMs,
      `${wanted.length} distinct messages handled`,
    );
  }
}
