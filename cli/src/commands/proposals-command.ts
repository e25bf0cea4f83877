import { userInfo } from 'node:os';
import { Command, Option } from 'commander';
import { pino } from 'pino';
import { loadConfig } from '@shadowtune/shared/config/load-config';
import type { ProposalStatus } from '@shadowtune/shared/contracts/generated-types';
import { createDatabases } from '@shadowtune/shared/db/create-databases';
import { createLogger } from '@shadowtune/shared/log/create-logger';
import { createBus } from '@shadowtune/shared/service/create-bus';
import { createServiceMetrics } from '@shadowtune/shared/service/service-metrics';
import { createEngineDeps, type EngineRuntime } from '@shadowtune/rewrite-engine/create-engine-deps';
import { approveProposal, rejectProposal, rollbackProposal } from '@shadowtune/rewrite-engine/decide-proposal';

interface CommonFlags {
  readonly config?: string;
}

/** Opens the catalog, bus and deployer the way the rewrite-engine does, runs `work`, closes everything. */
async function withEngine<T>(flags: CommonFlags, work: (runtime: EngineRuntime, applyNow: boolean, abShare: number) => Promise<T>): Promise<T> {
  const config = loadConfig({ file: flags.config });
  const logger = createLogger({ service: 'proposals', level: config.logLevel, destination: pino.destination(2) });
  const databases = createDatabases(config, logger);
  const bus = createBus(config, logger, createServiceMetrics('shadowtune-proposals'), 'proposals');
  try {
    const runtime = await createEngineDeps(config, databases, bus, logger);
    try {
      // With the memory bus no service reads the event: the change is applied by this process.
      return await work(runtime, config.bus.kind === 'memory', config.rewriteRuleDeploymentPolicy.mode === 'ab' ? config.rewriteRuleDeploymentPolicy.abTrafficShare : 1);
    } finally {
      await runtime.close();
    }
  } finally {
    await bus.close();
    await databases.close();
  }
}

const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

export function proposalsCommand(): Command {
  const config = () => new Option('-c, --config <file>', 'YAML or JSON configuration file (else SHADOWTUNE_CONFIG): catalog, production and bus connections');
  const command = new Command('proposals').description('List, approve, reject and roll back the proposals of the rewrite-engine (shadowtune.proposals in the catalog).');
  command
    .command('list')
    .description('Print every proposal as one JSON object per line (RewriteProposal).')
    .addOption(new Option('--status <status>', 'only proposals with this status').choices(['PENDING', 'APPROVED', 'REJECTED', 'APPLIED', 'ROLLED_BACK', 'ADVISORY']))
    .addOption(config())
    .action(async (flags: CommonFlags & { status?: ProposalStatus }) => {
      await withEngine(flags, async ({ deps }) => {
        for (const proposal of await deps.deploy.proposals.list({ ...(flags.status ? { status: flags.status } : {}) })) print(proposal);
      });
    });
  command
    .command('approve')
    .description(
      'Approve a pending proposal and deploy it: an index is built on production by the deployer role (CREATE INDEX CONCURRENTLY under lock_timeout and statement_timeout), ' +
        'an index removal dropped concurrently, a rewrite published as a rule. With the memory bus this process applies it; with Kafka the rewrite-engine service does. ' +
        'Prints {proposalId, deploymentId, outcome}.',
    )
    .argument('<proposalId>', 'id of the proposal (see proposals list)')
    .option('--by <name>', 'who approves (recorded with the decision)', userInfo().username)
    .option('--reason <text>', 'why (recorded with the decision)')
    .addOption(config())
    .action(async (proposalId: string, flags: CommonFlags & { by: string; reason?: string }) => {
      await withEngine(flags, async ({ deps }, applyNow, trafficShare) => {
        print(await approveProposal(deps.deploy, proposalId, { by: flags.by, reason: flags.reason ?? null, applyNow, trafficShare }));
      });
    });
  command
    .command('reject')
    .description('Reject a pending (or advisory) proposal; it is never deployed. Prints the proposal.')
    .argument('<proposalId>', 'id of the proposal')
    .requiredOption('--reason <text>', 'why (recorded with the decision)')
    .option('--by <name>', 'who rejects', userInfo().username)
    .addOption(config())
    .action(async (proposalId: string, flags: CommonFlags & { by: string; reason: string }) => {
      await withEngine(flags, async ({ deps }) => print(await rejectProposal(deps.deploy, proposalId, { by: flags.by, reason: flags.reason })));
    });
  command
    .command('rollback')
    .description('Roll back the applied deployment of a proposal (DROP INDEX CONCURRENTLY, index rebuilt, or rule withdrawn). Prints {proposalId, deploymentId, outcome}.')
    .argument('<proposalId>', 'id of the proposal')
    .requiredOption('--reason <text>', 'why (recorded on the ROLLBACK_REQUESTED step)')
    .addOption(config())
    .action(async (proposalId: string, flags: CommonFlags & { reason: string }) => {
      await withEngine(flags, async ({ deps }) => print(await rollbackProposal(deps.deploy, proposalId, `operator: ${flags.reason}`)));
    });
  for (const sub of command.commands) sub.exitOverride().showHelpAfterError();
  command.addHelpText('after', '\nExit codes: 0 done, 1 failure (unknown proposal, wrong status, failed deployment), 2 wrong usage, 3 a database could not be reached.');
  return command;
}
