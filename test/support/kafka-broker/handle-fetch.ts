import type { BrokerContext, RequestContext } from './broker-context.js';
import { ErrorCode } from './error-code.js';
import type { ProtocolReader } from './protocol-reader.js';
import { ProtocolWriter } from './protocol-writer.js';
import { waitForAppend } from './wait-for-append.js';

interface FetchTopic {
  name: string;
  partitions: { partition: number; fetchOffset: bigint; maxBytes: number }[];
}

interface PartitionData {
  partition: number;
  error: number;
  highWatermark: bigint;
  records: Buffer[];
}

function collect(broker: BrokerContext, topics: readonly FetchTopic[], responseMaxBytes: number) {
  let bytes = 0;
  let hasError = false;
  const responses = topics.map((topic) => ({
    name: topic.name,
    partitions: topic.partitions.map(({ partition, fetchOffset, maxBytes }): PartitionData => {
      const log = broker.topics.partition(topic.name, partition);
      if (!log) {
        hasError = true;
        return { partition, error: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, highWatermark: -1n, records: [] };
      }
      const highWatermark = log.logEndOffset;
      // fetchOffset == LEO is "no data yet", not an error.
      if (fetchOffset < log.logStartOffset || fetchOffset > highWatermark) {
        hasError = true;
        return { partition, error: ErrorCode.OFFSET_OUT_OF_RANGE, highWatermark, records: [] };
      }
      const limit = Math.max(0, Math.min(maxBytes, responseMaxBytes - bytes));
      const records = log.read(fetchOffset, limit, bytes === 0);
      for (const batch of records) bytes += batch.length;
      return { partition, error: ErrorCode.NONE, highWatermark, records };
    }),
  }));
  return { responses, bytes, hasError };
}

/**
 * Fetch v4 with long polling: answers at once when there is at least `min_bytes` of data or
 * an error, otherwise parks until a Produce lands on a requested partition or `max_wait_ms`
 * passes. Whole stored batches only; the first one is returned even if over the limits.
 */
export async function handleFetch(r: ProtocolReader, { broker }: RequestContext): Promise<Buffer> {
  r.int32(); // replica_id: always a consumer (-1)
  const maxWaitMs = r.int32();
  const minBytes = r.int32();
  const maxBytes = r.int32();
  r.int8(); // isolation_level: there are no transactions, so both levels read the same
  const topics = r.array((r): FetchTopic => ({
    name: r.string(),
    partitions: r.array((r) => ({ partition: r.int32(), fetchOffset: r.int64(), maxBytes: r.int32() })),
  }));

  const deadline = Date.now() + Math.max(0, maxWaitMs);
  const keys = new Set(topics.flatMap((t) => t.partitions.map((p) => `${t.name}/${p.partition}`)));
  let result = collect(broker, topics, maxBytes);
  while (!result.hasError && result.bytes < Math.max(minBytes, 1) && Date.now() < deadline && !broker.shutdown.aborted) {
    await waitForAppend(broker.topics, keys, deadline - Date.now(), broker.shutdown);
    result = collect(broker, topics, maxBytes);
  }

  const w = new ProtocolWriter();
  w.int32(0); // throttle_time_ms
  w.array(result.responses, (w, topic) => {
    w.string(topic.name);
    w.array(topic.partitions, (w, p) => {
      // No transactions: last_stable_offset = high watermark, no aborted transactions.
      w.int32(p.partition).int16(p.error).int64(p.highWatermark).int64(p.highWatermark).array(null, () => {});
      w.bytesFromChunks(p.records);
    });
  });
  return w.toBuffer();
}
