import { ConsumerGroup } from './consumer-group.js';

const SESSION_CHECK_INTERVAL_MS = 100;

/** Owns every consumer group and the clock that expires lapsed sessions. */
export class GroupCoordinator {
  private readonly groups = new Map<string, ConsumerGroup>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly initialRebalanceDelayMs: number) {
    this.timer = setInterval(() => {
      const now = Date.now();
      for (const group of this.groups.values()) group.expireSessions(now);
    }, SESSION_CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  /** The group, created Empty on first use as Kafka does on JoinGroup. */
  group(groupId: string): ConsumerGroup {
    let group = this.groups.get(groupId);
    if (!group) this.groups.set(groupId, (group = new ConsumerGroup(groupId, this.initialRebalanceDelayMs)));
    return group;
  }

  find(groupId: string): ConsumerGroup | undefined {
    return this.groups.get(groupId);
  }

  list(): ConsumerGroup[] {
    return [...this.groups.values()];
  }

  close(): void {
    clearInterval(this.timer);
    for (const group of this.groups.values()) group.close();
  }
}
