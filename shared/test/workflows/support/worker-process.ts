// A workflow worker in its own process, for the crash tests: the parent kills it with
// SIGKILL mid-task and checks that another process resumes and completes the task once.
// Environment: CATALOG_URL, TARGET_SERVER_URL, LEASE_MS, BLOCK ("1": never finish the
// first task attempt it runs, after announcing it on stdout).
import pg from 'pg';
import { createLogger } from '../../../src/log/create-logger.js';
import { createWorkflowWorker } from '../../../src/workflows/create-workflow-worker.js';
import { createTaskTypeRegistry } from '../../../src/workflows/task-type-registry.js';
import { createPersonaCreationTaskType } from '../../../src/workflows/tasks/persona-creation-task.js';

const block = process.env.BLOCK === '1';
const leaseMs = Number(process.env.LEASE_MS ?? '1500');
const pool = new pg.Pool({ connectionString: process.env.CATALOG_URL, max: 4 });
pool.on('error', () => undefined);
const forever = () => new Promise<never>(() => setInterval(() => undefined, 60_000));

const registry = createTaskTypeRegistry([
  {
    type: 'crash-probe',
    maxAttempts: 3,
    backoff: { initialMs: 50, maxMs: 50, jitter: 0 },
    async run(context) {
      // The task's visible effect, keyed by its idempotency key: a rerun must not duplicate it.
      await pool.query('INSERT INTO crash_probe_effects (idempotency_key, attempt, pid) VALUES ($1, $2, $3) ON CONFLICT (idempotency_key) DO NOTHING', [context.idempotencyKey, context.attempt, process.pid]);
      process.stdout.write(`STARTED crash-probe ${context.attempt}\n`);
      if (block) await forever();
      return { completedBy: process.pid, attempt: context.attempt };
    },
  },
  createPersonaCreationTaskType({
    catalog: pool,
    resolveServerUrl: (name) => (name === 'local' ? (process.env.TARGET_SERVER_URL ?? null) : null),
    onStep: async (step) => {
      process.stdout.write(`STEP ${step}\n`);
      if (block && step === 'database-created') await forever();
    },
  }),
]);

const worker = createWorkflowWorker({
  pool,
  registry,
  logger: createLogger({ service: 'worker-process', level: process.env.SHADOWTUNE_LOG_LEVEL ?? 'silent' }),
  workerId: `pid-${process.pid}`,
  leaseMs,
  heartbeatMs: Math.floor(leaseMs / 5),
  pollMs: 100,
});
worker.start();
process.stdout.write('READY\n');
process.on('SIGTERM', () => {
  void worker.stop().then(() => pool.end()).then(() => process.exit(0));
});
