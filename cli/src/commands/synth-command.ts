import { Command, Option } from 'commander';
import cliProgress from 'cli-progress';
import { loadConfig } from '@shadowtune/shared/config/load-config';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { readSchemaModel } from '@shadowtune/synth-generator/cli/read-schema-model';
import { synthesizeInto } from '@shadowtune/synth-generator/cli/synthesize-into';
import type { DatasetFocus } from '@shadowtune/synth-generator/plan/dataset-focus';
import { synthesisSettingsOf } from '@shadowtune/synth-generator/service/synthesis-settings';

interface SynthFlags {
  readonly schema: string;
  readonly target: string;
  readonly rows?: string;
  readonly productionMultiple?: string;
  readonly thinRows?: string;
  readonly deep: string[];
  readonly skew?: string;
  readonly skewColumn: string[];
  readonly seed?: string;
  readonly connections?: string;
  readonly scratch?: string;
  readonly config?: string;
}

const POSTGRES_URL = /^postgres(ql)?:\/\//;

function usage(message: string): ShadowtuneError {
  return new ShadowtuneError('USAGE_INVALID', message);
}

function number(flag: string, text: string | undefined, check: (n: number) => boolean, what: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || !check(value)) throw usage(`${flag} must be ${what}, got ${JSON.stringify(text)}`);
  return value;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `[schema.]table[.column]` with `public` as the default schema. */
function splitName(text: string, withColumn: boolean): { schema: string; table: string; column: string } {
  const parts = text.split('.');
  const expected = withColumn ? [2, 3] : [1, 2];
  if (!expected.includes(parts.length) || parts.some((p) => p.length === 0)) {
    throw usage(`${JSON.stringify(text)} is not ${withColumn ? '[schema.]table.column' : '[schema.]table'}`);
  }
  const full = parts.length === expected[1] ? parts : ['public', ...parts];
  return { schema: full[0] as string, table: full[1] as string, column: withColumn ? (full[2] as string) : '' };
}

export function synthCommand(): Command {
  return new Command('synth')
    .description(
      'Replicate a schema into a target database and fill it with synthetic, constraint-valid, skewed data ' +
        '(deterministic for a seed), streamed through COPY; prints one JSON summary line on stdout.',
    )
    .requiredOption('--schema <file|url>', 'schema to replicate: a schema SQL file (pg_dump --schema-only or DDL), or a postgres:// URL read through a read-only session (structure and value-free statistics, which shape the data)')
    .requiredOption('--target <url>', 'postgres:// URL of the database to fill; its replicated schemas are dropped and recreated when the schema changed (a re-run with the same schema keeps them)')
    .option('--rows <n>', 'rows of each deep table (default: syntheticDataVolume.rows)')
    .option('--production-multiple <m>', "rows of each deep table as a multiple of the source's row count (needs a URL --schema with statistics; wins over --rows)")
    .option('--thin-rows <n>', 'rows of tables that are not deep (default: syntheticDataVolume.thinRows); only used with --deep or --skew-column')
    .option('--deep <[schema.]table>', 'fill this table deeply, the others thinly (repeatable); default: every table deep', collect, [])
    .option('--skew <f>', 'DataSkewFactor: Zipf exponent of skewed columns and of foreign-key fan-out (0 = uniform; default: dataSkewFactor)')
    .option('--skew-column <[schema.]table.column>', 'skew this column with --skew (repeatable)', collect, [])
    .option('--seed <s>', 'generator seed: the same seed and schema give the same rows (default: services.synthGenerator.seed)')
    .addOption(new Option('--connections <n>', 'connections loading side by side (default: services.synthGenerator.connections)').choices(['1', '2']))
    .option('--scratch <url>', 'PostgreSQL server for the temporary database a schema file is loaded into (default: the target server; needs CREATEDB)')
    .option('-c, --config <file>', 'YAML or JSON configuration file (else SHADOWTUNE_CONFIG)')
    .addHelpText('after', '\nA progress bar is drawn on stderr when it is a terminal. Exit codes: 0 done, 2 wrong usage, 3 a server could not be reached, 1 other failures.')
    .action(async (flags: SynthFlags) => {
      if (!POSTGRES_URL.test(flags.target)) throw usage('--target must be a postgres:// URL');
      if (flags.scratch !== undefined && !POSTGRES_URL.test(flags.scratch)) throw usage('--scratch must be a postgres:// URL');
      const config = loadConfig({ file: flags.config });
      const base = synthesisSettingsOf(config);
      const rows = number('--rows', flags.rows, (n) => Number.isInteger(n) && n >= 0, 'a whole number');
      const multiple = number('--production-multiple', flags.productionMultiple, (n) => n > 0, 'a positive number');
      const thinRows = number('--thin-rows', flags.thinRows, (n) => Number.isInteger(n) && n >= 0, 'a whole number');
      const skew = number('--skew', flags.skew, (n) => n >= 0 && n <= 5, 'between 0 and 5');
      const seed = number('--seed', flags.seed, (n) => Number.isInteger(n) && n >= 0 && n < 2 ** 31, 'a whole number below 2^31');
      const settings = {
        ...base,
        seed: seed ?? base.seed,
        skewFactor: skew ?? base.skewFactor,
        connections: flags.connections === '1' ? (1 as const) : flags.connections === '2' ? (2 as const) : base.connections,
        volume: {
          rows: rows ?? base.volume.rows,
          productionMultiple: multiple ?? (rows !== undefined ? null : base.volume.productionMultiple),
          thinRows: thinRows ?? base.volume.thinRows,
        },
      };
      const model = await readSchemaModel(
        POSTGRES_URL.test(flags.schema) ? { kind: 'url', url: flags.schema, mostCommonValues: config.productionValues.mostCommonValues } : { kind: 'file', path: flags.schema, scratchServerUrl: flags.scratch ?? flags.target },
      );
      let focus: DatasetFocus | null = null;
      if (flags.deep.length > 0 || flags.skewColumn.length > 0) {
        const deep = flags.deep.length > 0
          ? flags.deep.map((t) => splitName(t, false))
          : model.tables.filter((t) => t.kind === 'table' || t.kind === 'partitioned-table').map((t) => ({ schema: t.schema, table: t.name, column: '' }));
        focus = {
          deepTables: deep.map((t) => ({ schema: t.schema, table: t.table, suggestedRows: null })),
          skewTargets: flags.skewColumn.map((c) => ({ ...splitName(c, true), factor: settings.skewFactor })),
          findingColumns: [],
          parameterProfiles: [],
        };
      }
      const bar = process.stderr.isTTY
        ? new cliProgress.SingleBar({ format: 'synth |{bar}| {percentage}% | {value}/{total} rows | {table}', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
        : null;
      let started = false;
      try {
        const result = await synthesizeInto({
          model,
          targetUrl: flags.target,
          settings,
          focus,
          onProgress: (event) => {
            if (bar === null) return;
            if (!started) {
              bar.start(event.rowsTotal, 0, { table: event.table });
              started = true;
            }
            bar.update(event.rowsLoaded, { table: `${event.table} (${event.phase})` });
          },
        });
        bar?.stop();
        const totalRows = result.report.tables.reduce((sum, t) => sum + t.rows, 0);
        process.stdout.write(
          `${JSON.stringify({
            schemaVersion: result.sync.version,
            schemaSync: result.sync.action,
            seed: settings.seed,
            skewFactor: settings.skewFactor,
            tables: result.report.tables.map((t) => ({ schema: t.schema, table: t.name, rows: t.rows, deep: t.deep, loadMs: Math.round(t.loadMs) })),
            totalRows,
            totalMs: Math.round(result.report.totalMs),
            rowsPerSecond: Math.round(totalRows / (result.report.totalMs / 1000)),
            notes: [...result.plan.notes, ...result.plan.tables.flatMap((t) => t.notes.map((n) => `${t.schema}.${t.name}: ${n}`)), ...result.report.notes, ...result.plan.skipped.map((s) => `${s.schema}.${s.name} not loaded: ${s.reason}`)],
          })}\n`,
        );
      } finally {
        bar?.stop();
      }
    });
}
