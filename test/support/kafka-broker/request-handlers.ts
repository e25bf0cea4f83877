import { ApiKey } from './api-key.js';
import type { RequestContext } from './broker-context.js';
import { handleApiVersions, type ApiVersionRange } from './handle-api-versions.js';
import { handleCreateTopics } from './handle-create-topics.js';
import { handleDeleteTopics } from './handle-delete-topics.js';
import { handleDescribeGroups } from './handle-describe-groups.js';
import { handleFetch } from './handle-fetch.js';
import { handleFindCoordinator } from './handle-find-coordinator.js';
import { handleHeartbeat } from './handle-heartbeat.js';
import { handleJoinGroup } from './handle-join-group.js';
import { handleLeaveGroup } from './handle-leave-group.js';
import { handleListGroups } from './handle-list-groups.js';
import { handleListOffsets } from './handle-list-offsets.js';
import { handleMetadata } from './handle-metadata.js';
import { handleOffsetCommit } from './handle-offset-commit.js';
import { handleOffsetFetch } from './handle-offset-fetch.js';
import { handleProduce } from './handle-produce.js';
import { handleSyncGroup } from './handle-sync-group.js';
import type { ProtocolReader } from './protocol-reader.js';

/** A response body (after the correlation id), or null for "send nothing" (Produce acks=0). */
export type RequestHandler = (r: ProtocolReader, ctx: RequestContext) => Buffer | null | Promise<Buffer | null>;

interface HandlerEntry extends ApiVersionRange {
  handle: RequestHandler;
}

/**
 * One version per API — the one kafkajs 2.2.4 picks when it is advertised as min = max
 * (kafkajs uses min(its max, broker max) and ignores min). ApiVersions alone spans 0–2
 * because kafkajs probes it from v2 downwards.
 */
const entries: HandlerEntry[] = [
  { apiKey: ApiKey.Produce, minVersion: 3, maxVersion: 3, handle: handleProduce },
  { apiKey: ApiKey.Fetch, minVersion: 4, maxVersion: 4, handle: handleFetch },
  { apiKey: ApiKey.ListOffsets, minVersion: 1, maxVersion: 1, handle: handleListOffsets },
  { apiKey: ApiKey.Metadata, minVersion: 1, maxVersion: 1, handle: handleMetadata },
  { apiKey: ApiKey.OffsetCommit, minVersion: 2, maxVersion: 2, handle: handleOffsetCommit },
  { apiKey: ApiKey.OffsetFetch, minVersion: 1, maxVersion: 1, handle: handleOffsetFetch },
  { apiKey: ApiKey.FindCoordinator, minVersion: 0, maxVersion: 0, handle: handleFindCoordinator },
  { apiKey: ApiKey.JoinGroup, minVersion: 1, maxVersion: 1, handle: handleJoinGroup },
  { apiKey: ApiKey.Heartbeat, minVersion: 0, maxVersion: 0, handle: handleHeartbeat },
  { apiKey: ApiKey.LeaveGroup, minVersion: 0, maxVersion: 0, handle: handleLeaveGroup },
  { apiKey: ApiKey.SyncGroup, minVersion: 0, maxVersion: 0, handle: handleSyncGroup },
  { apiKey: ApiKey.DescribeGroups, minVersion: 0, maxVersion: 0, handle: handleDescribeGroups },
  { apiKey: ApiKey.ListGroups, minVersion: 0, maxVersion: 0, handle: (_r, ctx) => handleListGroups(ctx) },
  { apiKey: ApiKey.ApiVersions, minVersion: 0, maxVersion: 2, handle: (_r, ctx) => handleApiVersions(ctx.apiVersion, entries) },
  { apiKey: ApiKey.CreateTopics, minVersion: 0, maxVersion: 0, handle: handleCreateTopics },
  { apiKey: ApiKey.DeleteTopics, minVersion: 0, maxVersion: 0, handle: handleDeleteTopics },
];

export const requestHandlers: ReadonlyMap<number, HandlerEntry> = new Map(entries.map((e) => [e.apiKey, e]));
