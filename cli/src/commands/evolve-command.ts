import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { pino } from 'pino';
import { loadConfig } from '@shadowtune/shared/config/load-config';
import { createDatabases } from '@shadowtune/shared/db/create-databases';
import { createLogger } from '@shadowtune/shared/log/create-logger';
import { addWorkloadInputOptions, checkWorkloadInput, workloadSchemaSource, type WorkloadInputFlags } from '../workload-input-options.js';
import { loadSqlParser } from '@shadowtune/shared/sql/parse-statement';
import { captureLogFile } from '@shadowtune/capture/inputs/log-file/capture-log-file';
import { runEvolve } from '@shadowtune/schema-evolver/evolve/run-evolve';

export function evolveCommand(): Command {
  const command = new Command('evolve')
    .description(
      'Evolve a schema from a workload: capture reads a PostgreSQL log, the schema-evolver analyzes the data patterns (hot tables and ' +
        'columns, association rules, undeclared relationships, hot JSON keys, casts, time ranges, table growth) and prints each schema ' +
        'change proposal with its reversible migration as one JSON object per line on stdout. Nothing is applied or measured; production, ' +
        'when given, is only read.',
    );
  return addWorkloadInputOptions(command, 'production PostgreSQL URL, read through read-only sessions: schema, statistics, time histograms of growing tables, JSON key census')
    .option(
      '--print',
      'print each proposal as a JSON object per line on stdout (SchemaChangeProposal: proposalId, changeType, tableName, columnName, dataType, indexStrategy, rationale, evidence, up, down, prechecks)',
    )
    .option('--explain', 'also print one JSON line per candidate that was not proposed: {skipped: true, changeType, tableName, columnName, reasonCode, detail, evidence}')
    .option('-c, --config <file>', 'YAML or JSON configuration file (else SHADOWTUNE_CONFIG): thresholds (services.schemaEvolver.analysis), sampling, capture settings')
    .addHelpText(
      'after',
      '\nExactly one of --schema and --production is required. Capture strips every constant, JSON keys included: a key read through a' +
        '\nplaceholder is resolved against production, and table growth is read there, so JSON-key and partitioning proposals need' +
        '\n--production. Logs go to stderr. Exit codes: 0 done (also with no proposal), 2 wrong usage, 3 a server could not be reached,' +
        ' 1 other failures.',
    )
    .action(async (flags: WorkloadInputFlags) => {
      checkWorkloadInput(flags, 'evolve');
      const config = loadConfig({ file: flags.config });
      const logger = createLogger({ service: 'evolve', level: config.logLevel, destination: pino.destination(2) });
      const databases = createDatabases(config, logger);
      const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ format: 'capturing {value} statements', stream: process.stderr }, cliProgress.Presets.shades_classic) : null;
      try {
        await loadSqlParser();
        const schema = await workloadSchemaSource(flags, config, databases);
        bar?.start(0, 0);
        const report = await runEvolve({
          config,
          schema,
          logger,
          capture: (onSignature) => captureLogFile({ path: flags.log, format: flags.format, prefix: flags.prefix, config, logger }, onSignature),
          onProgress: (count) => bar?.update(count),
        });
        bar?.stop();
        for (const change of report.planned) process.stdout.write(`${JSON.stringify(change.record)}\n`);
        if (flags.explain) for (const skipped of report.skipped) process.stdout.write(`${JSON.stringify({ skipped: true, ...skipped })}\n`);
      } finally {
        bar?.stop();
        await databases.close();
      }
    });
}
