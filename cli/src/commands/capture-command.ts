import { Command, Option } from 'commander';
import { pino } from 'pino';
import { loadConfig } from '@shadowtune/shared/config/load-config';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { createLogger } from '@shadowtune/shared/log/create-logger';
import { JsonLinesPublisher } from '@shadowtune/capture/pipeline/json-lines-publisher';
import { runCapture } from '@shadowtune/capture/run-capture';

interface CaptureFlags {
  readonly log?: string;
  readonly format: 'stderr' | 'csvlog' | 'jsonlog';
  readonly prefix: string;
  readonly once?: boolean;
  readonly follow?: boolean;
  readonly startAt: 'beginning' | 'end';
  readonly checkpointDir?: string;
  readonly pgStatStatements?: string;
  readonly pollInterval?: string;
  readonly listen?: string;
  readonly host: string;
  readonly samplingRate?: string;
  readonly readChunkBytes?: string;
  readonly followPollInterval?: string;
  readonly print?: boolean;
  readonly config?: string;
}

function usage(message: string): ShadowtuneError {
  return new ShadowtuneError('USAGE_INVALID', message);
}

function integer(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw usage(`${flag} must be a whole number`);
  return Number(value);
}

export function captureCommand(): Command {
  return new Command('capture')
    .description(
      'Capture production statements as literal-free signatures (query.signatures records) from a PostgreSQL log file, ' +
        'pg_stat_statements, or log shippers over HTTP, and print each as one JSON object per line on stdout.',
    )
    .option('--log <file>', 'PostgreSQL log file to read (statements logged by log_min_duration_statement, log_statement or auto_explain)')
    .addOption(new Option('--format <format>', 'log_destination the log file was written with').choices(['stderr', 'csvlog', 'jsonlog']).default('stderr'))
    .option('--prefix <log_line_prefix>', "the server's log_line_prefix (stderr logs only), e.g. '%m [%p] %q%u@%d '", '%m [%p] ')
    .addOption(new Option('--once', 'read the log file to its end and stop; with --pg-stat-statements: publish one delta (two polls) and stop (default for --log)').conflicts('follow'))
    .addOption(new Option('--follow', 'keep following the log file like tail -F (rotation by rename, truncation) until SIGINT/SIGTERM').conflicts('once'))
    .addOption(new Option('--start-at <where>', 'where a log file without checkpoint is read from').choices(['beginning', 'end']).default('beginning'))
    .option('--checkpoint-dir <dir>', 'keep a durable checkpoint (file identity, byte offset, line) here: a restart, even after kill -9, neither loses nor repeats a record')
    .option('--pg-stat-statements <url>', 'poll pg_stat_statements on this server (postgres:// URL) in a read-only session and publish the deltas between polls')
    .option('--poll-interval <ms>', 'time between two pg_stat_statements polls (default services.capture.pgStatStatements.pollIntervalMs, 60000)')
    .option('--listen <port>', 'serve POST /v1/events for log shippers (Vector, Fluent Bit: JSON lines of jsonlog/csvlog records, gzip accepted) on this port (0 picks one)')
    .option('--host <address>', 'listen address of --listen', '127.0.0.1')
    .option('--sampling-rate <rate>', 'SamplingRate (0..1): share of statements published; the first of each fingerprint per window is always kept')
    .option('--read-chunk-bytes <bytes>', 'bytes read from the log file at once; each chunk is published as one batch, then checkpointed (default 1048576)')
    .option('--follow-poll-interval <ms>', 'how often a followed file is checked for new bytes, rotation and truncation (default 250)')
    .option('--print', 'write each published signature as one JSON line on stdout, and each dead letter as {"deadLetter": …} on stderr (nothing goes to Kafka)')
    .option('-c, --config <file>', 'YAML or JSON configuration file (else SHADOWTUNE_CONFIG): sampling window, tag allow-list, limits, salt (services.capture)')
    .addHelpText(
      'after',
      '\nGive at least one input: --log, --pg-stat-statements or --listen. Records are QuerySignature (schemas/query.signatures.avsc);' +
        '\nno literal from the input is ever printed. Logs go to stderr. With --follow, --listen or a polling --pg-stat-statements the' +
        '\ncommand runs until SIGINT/SIGTERM, then publishes what it holds and exits 0. Exit codes: 0 done, 2 wrong usage,' +
        "\n3 a server could not be reached, 1 other failures.\nExample:\n  shadowtune capture --log /var/log/postgresql/postgresql-16-main.log --prefix '%m [%p] %q%u@%d ' --follow --checkpoint-dir ~/.shadowtune --print",
    )
    .action(async (flags: CaptureFlags) => {
      if (flags.log === undefined && flags.pgStatStatements === undefined && flags.listen === undefined) {
        throw usage('give at least one input: --log <file>, --pg-stat-statements <url> or --listen <port>');
      }
      if (!flags.print) throw usage('capture writes its records with --print (JSON lines on stdout); publishing to Kafka is the capture service (shadowtune service capture)');
      if (flags.listen !== undefined && flags.once) throw usage('--listen serves until SIGINT/SIGTERM and cannot be combined with --once');
      if (flags.pgStatStatements !== undefined && !/^postgres(ql)?:\/\//.test(flags.pgStatStatements)) throw usage('--pg-stat-statements must be a postgres:// URL');
      const samplingRate = flags.samplingRate === undefined ? undefined : Number(flags.samplingRate);
      if (samplingRate !== undefined && !(samplingRate >= 0 && samplingRate <= 1)) throw usage('--sampling-rate must be a number from 0 to 1');
      const pollIntervalMs = integer(flags.pollInterval, '--poll-interval');
      const port = integer(flags.listen, '--listen');
      const config = loadConfig({
        file: flags.config,
        overrides: {
          samplingRate,
          'services.capture.logFiles':
            flags.log === undefined ? undefined : [{ path: flags.log, format: flags.format, prefix: flags.prefix, mode: flags.follow ? 'follow' : 'once', startAt: flags.startAt }],
          'services.capture.checkpointDir': flags.checkpointDir,
          'services.capture.readChunkBytes': integer(flags.readChunkBytes, '--read-chunk-bytes'),
          'services.capture.followPollIntervalMs': integer(flags.followPollInterval, '--follow-poll-interval'),
          'services.capture.pgStatStatements.enabled': flags.pgStatStatements === undefined ? undefined : true,
          'services.capture.pgStatStatements.pollIntervalMs': pollIntervalMs,
          'services.capture.http.enabled': port === undefined ? undefined : true,
          'services.capture.http.port': port,
          'services.capture.http.host': port === undefined ? undefined : flags.host,
        },
      });
      const logger = createLogger({ service: 'capture', level: config.logLevel, destination: pino.destination(2) });
      const controller = new AbortController();
      const onSignal = (): void => controller.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        await runCapture({
          config,
          publisher: new JsonLinesPublisher(process.stdout, process.stderr),
          logger,
          pgStatStatementsUrl: flags.pgStatStatements ?? null,
          once: flags.once === true,
          signal: controller.signal,
          onStarted: (http) => {
            if (http !== null) logger.info({ url: `http://${http.host}:${http.port}/v1/events` }, 'log-shipper endpoint listening');
          },
        });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
