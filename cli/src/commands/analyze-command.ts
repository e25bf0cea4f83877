import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { pino } from 'pino';
import { loadConfig } from '@shadowtune/shared/config/load-config';
import { createDatabases } from '@shadowtune/shared/db/create-databases';
import { createLogger } from '@shadowtune/shared/log/create-logger';
import { addWorkloadInputOptions, checkWorkloadInput, workloadSchemaSource, type WorkloadInputFlags } from '../workload-input-options.js';
import { captureLogFile } from '@shadowtune/capture/inputs/log-file/capture-log-file';
import { runAnalyze } from '@shadowtune/signature-analyzer/analyze/run-analyze';

export function analyzeCommand(): Command {
  const command = new Command('analyze')
    .description(
      'Analyze a workload in one process: capture reads a PostgreSQL log, the signature-analyzer examines every statement ' +
        'against the schema, and each finding is printed as one JSON object per line on stdout.',
    );
  return addWorkloadInputOptions(command, 'production PostgreSQL URL: schema, statistics and plans are read through the read-only role')
    .option('--print', 'print each finding as a JSON object per line on stdout (QueryFinding, most severe first)')
    .option('--explain', 'also print one JSON line per examined statement without a finding: {fingerprint, normalizedSql, reason, detail, trigger}')
    .option('-c, --config <file>', 'YAML or JSON configuration file (else SHADOWTUNE_CONFIG): thresholds, sampling, analyzer settings')
    .addHelpText(
      'after',
      '\nExactly one of --schema and --production is required. With --schema and no statistics, table sizes are unknown:' +
        '\ncost-based patterns (full scans, missing indexes) need --production. Logs go to stderr. Exit codes: 0 done' +
        ' (also when findings were printed), 2 wrong usage, 3 a server could not be reached, 1 other failures.',
    )
    .action(async (flags: WorkloadInputFlags) => {
      checkWorkloadInput(flags, 'analyze');
      const config = loadConfig({ file: flags.config });
      const logger = createLogger({ service: 'analyze', level: config.logLevel, destination: pino.destination(2) });
      const databases = createDatabases(config, logger);
      const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ format: 'analyzing {value} statements', stream: process.stderr }, cliProgress.Presets.shades_classic) : null;
      try {
        const schema = await workloadSchemaSource(flags, config, databases);
        bar?.start(0, 0);
        const report = await runAnalyze({
          config,
          schema,
          logger,
          capture: (onSignature) => captureLogFile({ path: flags.log, format: flags.format, prefix: flags.prefix, config, logger }, onSignature),
          onProgress: (count) => bar?.update(count),
        });
        bar?.stop();
        for (const finding of report.findings) process.stdout.write(`${JSON.stringify(finding)}\n`);
        if (flags.explain) for (const silence of report.silences) process.stdout.write(`${JSON.stringify(silence)}\n`);
        logger.info(
          { signatures: report.signatures, deadLetters: report.capture.deadLetters, findings: report.findings.length, withoutFinding: report.silences.length },
          'analysis done',
        );
      } finally {
        bar?.stop();
        await databases.close();
      }
    });
}
