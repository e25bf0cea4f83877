import type { GroupCoordinator } from './group-coordinator.js';
import type { OffsetStore } from './offset-store.js';
import type { TopicStore } from './topic-store.js';

/** Everything a request handler may touch; one per running broker. */
export interface BrokerContext {
  readonly nodeId: number;
  readonly advertisedHost: string;
  /** Known only once the server listens (port 0 picks a free one). */
  advertisedPort: number;
  readonly autoCreateTopics: boolean;
  readonly defaultPartitions: number;
  readonly topics: TopicStore;
  readonly offsets: OffsetStore;
  readonly groups: GroupCoordinator;
  /** Aborted on stop, so long-polling Fetches return instead of holding timers open. */
  readonly shutdown: AbortSignal;
}

/** Per-request facts from the header and the connection. */
export interface RequestContext {
  readonly broker: BrokerContext;
  readonly apiVersion: number;
  readonly clientId: string | null;
  readonly clientHost: string;
}
