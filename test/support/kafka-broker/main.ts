import { parseArgs } from 'node:util';
import { startTestBroker } from './test-broker.js';

const usage = `Usage: npm run test-broker -- --port <port> [options]

A Kafka-protocol test broker for kafkajs (test support only; run real Kafka in production).

Options:
  --port <port>          TCP port to listen on (default 9092; 0 picks a free port)
  --host <host>          interface to listen on and advertise (default 127.0.0.1)
  --data-dir <dir>       keep the log and committed offsets in <dir> across restarts
  --partitions <n>       partitions for auto-created topics (default 1)
  --no-auto-create       do not create unknown topics on Metadata requests
  --rebalance-delay <ms> initial rebalance delay for new groups (default 0)
  --verbose              log dropped connections (malformed or unsupported requests) to stderr
  --help                 show this help
`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${usage}`);
  process.exit(2);
}

function integer(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) fail(`--${name} must be an integer >= ${min}, got "${value}"`);
  return n;
}

function parse() {
  return parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      partitions: { type: 'string' },
      'no-auto-create': { type: 'boolean' },
      'rebalance-delay': { type: 'string' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  }).values;
}

let args: ReturnType<typeof parse>;
try {
  args = parse();
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}

if (args.help) {
  process.stdout.write(usage);
  process.exit(0);
}

const port = integer('port', args.port, 9092, 0);
if (port > 65535) fail(`--port must be <= 65535, got ${port}`);
const startup = startTestBroker({
  port,
  ...(args.host !== undefined && { host: args.host }),
  ...(args['data-dir'] !== undefined && { dataDir: args['data-dir'] }),
  defaultPartitions: integer('partitions', args.partitions, 1, 1),
  autoCreateTopics: !args['no-auto-create'],
  initialRebalanceDelayMs: integer('rebalance-delay', args['rebalance-delay'], 0, 0),
  ...(args.verbose && { log: (line: string) => process.stderr.write(`${line}\n`) }),
});

// Handlers go in before anything is announced: whoever reads "listening on" may signal at
// once, and a signal with no handler yet would kill the process without a clean stop.
let stopping: Promise<void> | null = null;
const stop = (signal: string): void => {
  stopping ??= startup
    .then((broker) => broker.stop())
    .then(
      () => {
        process.stdout.write(`stopped (${signal})\n`);
        process.exit(0);
      },
      (err: unknown) => {
        process.stderr.write(`error while stopping: ${String(err)}\n`);
        process.exit(1);
      },
    );
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));

const broker = await startup.catch((err: unknown) => {
  process.stderr.write(`cannot start the test broker: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
if (!stopping) process.stdout.write(`listening on ${broker.host}:${broker.port}\n`);
