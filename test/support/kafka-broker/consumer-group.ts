import { randomUUID } from 'node:crypto';
import { ErrorCode } from './error-code.js';

export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable';

export interface GroupProtocol {
  name: string;
  metadata: Buffer;
}

export interface JoinRequest {
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  memberId: string;
  protocolType: string;
  protocols: GroupProtocol[];
  clientId: string;
  clientHost: string;
}

export interface JoinResult {
  errorCode: number;
  generationId: number;
  protocol: string;
  leaderId: string;
  memberId: string;
  members: { memberId: string; metadata: Buffer }[];
}

export interface SyncResult {
  errorCode: number;
  assignment: Buffer;
}

export interface GroupMember {
  readonly memberId: string;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocols: GroupProtocol[];
  assignment: Buffer;
  lastSeen: number;
  pendingJoin: ((result: JoinResult) => void) | null;
  pendingSync: ((result: SyncResult) => void) | null;
}

const EMPTY = Buffer.alloc(0);

function joinError(errorCode: number, memberId: string): JoinResult {
  return { errorCode, generationId: -1, protocol: '', leaderId: '', memberId, members: [] };
}

/**
 * One consumer group as Kafka's GroupCoordinator runs it: Empty → PreparingRebalance (members
 * rejoin, responses parked) → CompletingRebalance (leader computes the assignment, syncs
 * parked) → Stable, with generations, leader election, session expiry and the
 * REBALANCE_IN_PROGRESS / UNKNOWN_MEMBER_ID / ILLEGAL_GENERATION answers kafkajs relies on to
 * notice a rebalance.
 */
export class ConsumerGroup {
  state: GroupState = 'Empty';
  generation = 0;
  protocolType: string | null = null;
  protocol: string | null = null;
  leader: string | null = null;
  readonly members = new Map<string, GroupMember>();

  private joinTimer: NodeJS.Timeout | null = null;
  private syncTimer: NodeJS.Timeout | null = null;
  private delayTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly groupId: string,
    private readonly initialRebalanceDelayMs: number,
  ) {}

  join(req: JoinRequest): Promise<JoinResult> {
    if (req.protocolType === '' || req.protocols.length === 0 || (this.members.size > 0 && !this.acceptsProtocols(req))) {
      return Promise.resolve(joinError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, req.memberId));
    }
    let member: GroupMember | undefined;
    if (req.memberId === '') {
      member = {
        memberId: `${req.clientId}-${randomUUID()}`,
        clientId: req.clientId,
        clientHost: req.clientHost,
        sessionTimeoutMs: req.sessionTimeoutMs,
        rebalanceTimeoutMs: req.rebalanceTimeoutMs,
        protocols: req.protocols,
        assignment: EMPTY,
        lastSeen: Date.now(),
        pendingJoin: null,
        pendingSync: null,
      };
      this.members.set(member.memberId, member);
    } else {
      member = this.members.get(req.memberId);
      if (!member) return Promise.resolve(joinError(ErrorCode.UNKNOWN_MEMBER_ID, req.memberId));
      member.clientId = req.clientId;
      member.clientHost = req.clientHost;
      member.sessionTimeoutMs = req.sessionTimeoutMs;
      member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
      member.protocols = req.protocols;
      member.lastSeen = Date.now();
    }
    this.protocolType = req.protocolType;
    const joining = member;
    return new Promise<JoinResult>((resolve) => {
      // A second join from the same member supersedes the first, which must still get an answer.
      joining.pendingJoin?.(joinError(ErrorCode.REBALANCE_IN_PROGRESS, joining.memberId));
      joining.pendingJoin = resolve;
      // Every join rebalances, even from a Stable member: simplest, and what kafkajs expects.
      if (this.state !== 'PreparingRebalance') this.prepareRebalance();
      else this.maybeCompleteJoin();
    });
  }

  sync(generationId: number, memberId: string, assignments: Map<string, Buffer>): Promise<SyncResult> {
    const member = this.members.get(memberId);
    if (!member) return Promise.resolve({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: EMPTY });
    if (generationId !== this.generation) return Promise.resolve({ errorCode: ErrorCode.ILLEGAL_GENERATION, assignment: EMPTY });
    if (this.state === 'PreparingRebalance') return Promise.resolve({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
    member.lastSeen = Date.now();
    if (this.state === 'Stable') return Promise.resolve({ errorCode: ErrorCode.NONE, assignment: member.assignment });
    return new Promise<SyncResult>((resolve) => {
      member.pendingSync?.({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
      member.pendingSync = resolve;
      if (memberId === this.leader) this.completeSync(assignments);
    });
  }

  heartbeat(generationId: number, memberId: string): number {
    const member = this.members.get(memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== this.generation) return ErrorCode.ILLEGAL_GENERATION;
    member.lastSeen = Date.now();
    return this.state === 'PreparingRebalance' ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
  }

  leave(memberId: string): number {
    const member = this.members.get(memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    this.remove(member);
    this.membershipChanged();
    return ErrorCode.NONE;
  }

  /** Whether an OffsetCommit may be stored, in the order Kafka checks. */
  checkCommit(generationId: number, memberId: string): number {
    // generation -1 with no members: an admin (setOffsets) or simple-consumer commit.
    if (generationId < 0 && this.members.size === 0) return ErrorCode.NONE;
    if (this.state === 'CompletingRebalance') return ErrorCode.REBALANCE_IN_PROGRESS;
    const member = this.members.get(memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== this.generation) return ErrorCode.ILLEGAL_GENERATION;
    // Allowed during PreparingRebalance: kafkajs commits right after a heartbeat says 27.
    member.lastSeen = Date.now();
    return ErrorCode.NONE;
  }

  /** Removes members whose session lapsed; members with a parked request are alive by definition. */
  expireSessions(now: number): void {
    let expired = false;
    for (const member of [...this.members.values()]) {
      if (member.pendingJoin || member.pendingSync) continue;
      if (now - member.lastSeen > member.sessionTimeoutMs) {
        this.remove(member);
        expired = true;
      }
    }
    if (expired) this.membershipChanged();
  }

  close(): void {
    this.clearTimers();
  }

  private acceptsProtocols(req: JoinRequest): boolean {
    if (req.protocolType !== this.protocolType) return false;
    const others = [...this.members.values()].filter((m) => m.memberId !== req.memberId);
    return req.protocols.some((p) => others.every((m) => m.protocols.some((q) => q.name === p.name)));
  }

  private remove(member: GroupMember): void {
    this.members.delete(member.memberId);
    member.pendingJoin?.(joinError(ErrorCode.UNKNOWN_MEMBER_ID, member.memberId));
    member.pendingSync?.({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: EMPTY });
    member.pendingJoin = null;
    member.pendingSync = null;
    if (this.leader === member.memberId) this.leader = null;
  }

  private membershipChanged(): void {
    if (this.members.size === 0) {
      // Kafka completes a rebalance with nobody left: the generation moves on and the group is Empty.
      this.clearTimers();
      if (this.state !== 'Empty') this.generation++;
      this.state = 'Empty';
      this.protocol = null;
      this.leader = null;
    } else if (this.state === 'PreparingRebalance') {
      this.maybeCompleteJoin();
    } else {
      this.prepareRebalance();
    }
  }

  private prepareRebalance(): void {
    const wasEmpty = this.state === 'Empty';
    this.clearTimers();
    for (const member of this.members.values()) {
      member.pendingSync?.({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
      member.pendingSync = null;
    }
    this.state = 'PreparingRebalance';
    const timeout = Math.max(0, ...[...this.members.values()].map((m) => m.rebalanceTimeoutMs));
    this.joinTimer = setTimeout(() => this.completeJoin(), timeout);
    // Mirrors group.initial.rebalance.delay.ms: consumers starting together land in one generation.
    if (wasEmpty && this.initialRebalanceDelayMs > 0) {
      this.delayTimer = setTimeout(() => {
        this.delayTimer = null;
        this.maybeCompleteJoin();
      }, this.initialRebalanceDelayMs);
      return;
    }
    this.maybeCompleteJoin();
  }

  private maybeCompleteJoin(): void {
    if (this.state !== 'PreparingRebalance' || this.delayTimer !== null) return;
    if ([...this.members.values()].every((m) => m.pendingJoin !== null)) this.completeJoin();
  }

  private completeJoin(): void {
    if (this.state !== 'PreparingRebalance') return;
    this.clearTimers();
    // Members that did not rejoin within the rebalance timeout are out.
    for (const member of [...this.members.values()]) if (!member.pendingJoin) this.remove(member);
    if (this.members.size === 0) {
      this.membershipChanged();
      return;
    }
    const members = [...this.members.values()];
    const protocol = members[0]!.protocols.find((p) => members.every((m) => m.protocols.some((q) => q.name === p.name)));
    if (!protocol) {
      for (const member of members) this.remove(member);
      // Unreachable with the join-time check, but never leave a joiner hanging.
      this.membershipChanged();
      return;
    }
    this.generation++;
    this.protocol = protocol.name;
    if (this.leader === null || !this.members.has(this.leader)) this.leader = members[0]!.memberId;
    this.state = 'CompletingRebalance';
    const leaderId = this.leader;
    const memberList = members.map((m) => ({
      memberId: m.memberId,
      metadata: m.protocols.find((p) => p.name === protocol.name)!.metadata,
    }));
    const now = Date.now();
    for (const member of members) {
      const respond = member.pendingJoin!;
      member.pendingJoin = null;
      member.lastSeen = now;
      member.assignment = EMPTY;
      respond({
        errorCode: ErrorCode.NONE,
        generationId: this.generation,
        protocol: protocol.name,
        leaderId,
        memberId: member.memberId,
        members: member.memberId === leaderId ? memberList : [],
      });
    }
    const generation = this.generation;
    const timeout = Math.max(...members.map((m) => m.rebalanceTimeoutMs));
    this.syncTimer = setTimeout(() => this.syncTimedOut(generation), timeout);
  }

  private completeSync(assignments: Map<string, Buffer>): void {
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.syncTimer = null;
    this.state = 'Stable';
    const now = Date.now();
    for (const member of this.members.values()) {
      member.assignment = assignments.get(member.memberId) ?? EMPTY;
      member.lastSeen = now;
      const respond = member.pendingSync;
      member.pendingSync = null;
      respond?.({ errorCode: ErrorCode.NONE, assignment: member.assignment });
    }
  }

  /** As in Kafka: a leader that never syncs takes the non-syncing members out and forces a new round. */
  private syncTimedOut(generation: number): void {
    this.syncTimer = null;
    if (this.state !== 'CompletingRebalance' || this.generation !== generation) return;
    for (const member of [...this.members.values()]) if (!member.pendingSync) this.remove(member);
    this.membershipChanged();
  }

  private clearTimers(): void {
    for (const timer of [this.joinTimer, this.syncTimer, this.delayTimer]) if (timer) clearTimeout(timer);
    this.joinTimer = this.syncTimer = this.delayTimer = null;
  }
}
