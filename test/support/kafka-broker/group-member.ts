import type { Consumer, Kafka } from 'kafkajs';

/** What one consumer-group member reports, in the order it happens. */
export type MemberEvent =
  | { type: 'join'; member: string; partitions: number[] }
  | { type: 'message'; member: string; partition: number; offset: number; value: string }
  | { type: 'commit'; member: string; offsets: { partition: number; offset: number }[] };

export interface GroupMemberOptions {
  kafka: Kafka;
  name: string;
  groupId: string;
  topic: string;
  onEvent: (event: MemberEvent) => void;
}

/**
 * Starts a consumer-group member with test-friendly timings (real Kafka's minimum session
 * timeout, fast heartbeats and short long polls) that reports joins, handled messages and
 * commits. Used in-process by the tests and in a child process by group-member-main.ts.
 */
export async function startGroupMember({ kafka, name, groupId, topic, onEvent }: GroupMemberOptions): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 100, maxWaitTimeInMs: 200 });
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    onEvent({ type: 'join', member: name, partitions: [...(payload.memberAssignment[topic] ?? [])].sort((a, b) => a - b) });
  });
  consumer.on(consumer.events.COMMIT_OFFSETS, ({ payload }) => {
    const offsets = payload.topics
      .filter((t) => t.topic === topic)
      .flatMap((t) => t.partitions.map((p) => ({ partition: p.partition, offset: Number(p.offset) })));
    onEvent({ type: 'commit', member: name, offsets });
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      onEvent({ type: 'message', member: name, partition, offset: Number(message.offset), value: message.value!.toString() });
    },
  });
  return consumer;
}
