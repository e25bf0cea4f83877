import { quietKafka } from './quiet-kafka.js';
import { startGroupMember } from './group-member.js';

/**
 * A group member in its own process, so a test can SIGKILL it: its sockets die with it and it
 * never sends LeaveGroup, exactly like a crashed consumer. Prints one JSON event per line
 * (stdout to a pipe is synchronous on Linux, so nothing printed is lost to the kill).
 * Usage: group-member-main.ts <broker> <topic> <groupId> <name>
 */
const [broker, topic, groupId, name] = process.argv.slice(2);
if (!broker || !topic || !groupId || !name) {
  process.stderr.write('usage: group-member-main.ts <broker> <topic> <groupId> <name>\n');
  process.exit(2);
}
await startGroupMember({
  kafka: quietKafka([broker], name),
  name,
  groupId,
  topic,
  onEvent: (event) => process.stdout.write(`${JSON.stringify(event)}\n`),
});
