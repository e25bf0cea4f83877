import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import cliProgress from 'cli-progress';
import { pino } from 'pino';
import { loadConfig } from '@shadowtune/shared/config/load-config';
import { createDatabases } from '@shadowtune/shared/db/create-databases';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { createLogger } from '@shadowtune/shared/log/create-logger';
import { SERVICE_NAMES } from '@shadowtune/shared/service/service-definition';
import { runServices } from '@shadowtune/shared/service/run-services';
import { runWorkloadLoop } from '../run/run-workload-loop.js';
import { renderFindingsTable } from '../run/render-findings-table.js';
import { renderReportHtml } from '../run/render-report-html.js';
import { summarizeProposal } from '../run/summarize-proposal.js';
import { runUntilSignal } from '../run-until-signal.js';
import { SERVICE_LOADERS } from '../service-registry.js';

interface RunFlags {
  readonly config?: string;
  readonly healthPort?: string;
  readonly schema?: string;
  readonly production?: string;
  readonly log?: string;
  readonly format: 'stderr' | 'csvlog' | 'jsonlog';
  readonly prefix: string;
  readonly out: string;
  readonly keepShadow?: boolean;
}

const POSTGRES_URL = /^postgres(ql)?:\/\//;

function usage(message: string): ShadowtuneError {
  return new ShadowtuneError('USAGE_INVALID', message);
}

/** Every service in one process until a signal (no --log): the embedded mode of the services. */
async function serveUntilSignal(flags: RunFlags): Promise<void> {
  const config = loadConfig({
    file: flags.config,
    overrides: { 'bus.kind': 'memory', 'health.port': flags.healthPort === undefined ? undefined : Number(flags.healthPort) },
  });
  const definitions = await Promise.all(SERVICE_NAMES.map((name) => SERVICE_LOADERS[name]()));
  const services = await runServices({ config, definitions, processName: 'shadowtune' });
  await runUntilSignal(services);
}

/** One workload, start to finish: findings and validated proposals printed, proposals.json and report.html written. */
async function runWorkload(flags: RunFlags): Promise<void> {
  if ((flags.schema === undefined) === (flags.production === undefined)) throw usage('with --log, give exactly one of --schema <file> and --production <url>');
  if (flags.production !== undefined && !POSTGRES_URL.test(flags.production)) throw usage('--production must be a postgres:// URL');
  const config = loadConfig({
    file: flags.config,
    overrides: { 'bus.kind': 'memory', ...(flags.production !== undefined ? { 'connections.production': flags.production } : {}) },
  });
  const logger = createLogger({ service: 'run', level: config.logLevel, destination: pino.destination(2) });
  const databases = createDatabases(config, logger);
  const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ format: '{stage} [{bar}] {value}/{total}', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic) : null;
  let stageShown = '';
  try {
    const report = await runWorkloadLoop({
      config,
      schema: flags.schema !== undefined ? { kind: 'file', path: flags.schema } : { kind: 'production', url: flags.production! },
      log: { path: flags.log!, format: flags.format, prefix: flags.prefix },
      databases,
      logger,
      keepShadow: flags.keepShadow === true,
      onProgress: (stage, done, total) => {
        if (!bar) return;
        if (stage !== stageShown) {
          if (stageShown !== '') bar.stop();
          bar.start(Math.max(total, done, 1), done, { stage });
          stageShown = stage;
        }
        bar.setTotal(Math.max(total, done, 1));
        bar.update(done, { stage });
      },
    });
    bar?.stop();
    await mkdir(flags.out, { recursive: true });
    await writeFile(join(flags.out, 'proposals.json'), `${JSON.stringify(report.proposals.map(summarizeProposal), null, 2)}\n`);
    await writeFile(join(flags.out, 'report.html'), renderReportHtml(report));
    process.stdout.write(renderFindingsTable(report));
    process.stdout.write(`wrote ${join(flags.out, 'proposals.json')} and ${join(flags.out, 'report.html')}\n`);
  } finally {
    bar?.stop();
    await databases.close();
  }
}

export function runCommand(): Command {
  return new Command('run')
    .description(
      'Without --log: run every service in one process over the in-memory bus (embedded mode) until a signal; shadow and catalog default to an embedded PostgreSQL. ' +
        'With --log: run the whole loop over one workload — capture reads the log, the analyzer finds, synth fills the shadow, bench measures, the engine proposes — ' +
        'print the findings and validated proposals, write <out>/proposals.json and <out>/report.html, and exit.',
    )
    .option('-c, --config <file>', 'YAML or JSON configuration file (else SHADOWTUNE_CONFIG; environment variables override it)')
    .addOption(new Option('--health-port <port>', 'port of /healthz, /readyz and /metrics (overrides health.port; 0 picks a free one); without --log only'))
    .addOption(new Option('--schema <file>', 'schema SQL file (pg_dump --schema-only or DDL) of the application, replicated into the shadow').conflicts('production'))
    .addOption(
      new Option('--production <url>', 'production PostgreSQL URL: schema and statistics read through the read-only role; written only by the deployer when rewriteRuleDeploymentPolicy.mode is automatic or ab').conflicts(
        'schema',
      ),
    )
    .option('--log <file>', 'PostgreSQL log file with the workload (statements logged by log_min_duration_statement, log_statement or auto_explain)')
    .addOption(new Option('--format <format>', 'log_destination the log was written with').choices(['stderr', 'csvlog', 'jsonlog']).default('stderr'))
    .option('--prefix <log_line_prefix>', "the server's log_line_prefix (stderr logs only), e.g. '%m [%p] %q%u@%d '", '%m [%p] ')
    .option('--out <dir>', 'directory for proposals.json and report.html (created if missing)', 'shadowtune-report')
    .option('--keep-shadow', "keep the run's shadow database afterwards (named shadowtune_run_…) for inspection")
    .addHelpText(
      'after',
      '\nWithout --log, stops cleanly on SIGTERM or SIGINT (exit 0). With --log, exits 0 when the report is written (also when nothing was proposed); ' +
        '2 wrong usage or configuration, 3 a server could not be reached, 1 other failures. Logs go to stderr, the table to stdout.',
    )
    .action(async (flags: RunFlags) => {
      if (flags.log === undefined) {
        if (flags.schema !== undefined || flags.production !== undefined) throw usage('--schema and --production need --log <file>');
        await serveUntilSignal(flags);
        return;
      }
      await runWorkload(flags);
    });
}
