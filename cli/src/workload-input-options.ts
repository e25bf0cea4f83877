import { Option, type Command } from 'commander';
import type { ShadowtuneConfig } from '@shadowtune/shared/config/config-schema';
import type { Databases } from '@shadowtune/shared/db/databases';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';

/** Flags of the commands that read a workload log against a schema (analyze, evolve). */
export interface WorkloadInputFlags {
  readonly schema?: string;
  readonly production?: string;
  readonly log: string;
  readonly format: 'stderr' | 'csvlog' | 'jsonlog';
  readonly prefix: string;
  readonly print?: boolean;
  readonly explain?: boolean;
  readonly shadow?: string;
  readonly config?: string;
}

const POSTGRES_URL = /^postgres(ql)?:\/\//;

export function usage(message: string): ShadowtuneError {
  return new ShadowtuneError('USAGE_INVALID', message);
}

/** Adds --schema | --production, --log, --format and --prefix (capture's input flags), and --shadow. */
export function addWorkloadInputOptions(command: Command, productionHelp: string): Command {
  return command
    .addOption(new Option('--schema <file>', 'schema SQL file (pg_dump --schema-only or DDL); loaded into a temporary database on the shadow server').conflicts('production'))
    .addOption(new Option('--production <url>', productionHelp).conflicts('schema'))
    .requiredOption('--log <file>', 'PostgreSQL log file with the workload (statements logged by log_min_duration_statement, log_statement or auto_explain)')
    .addOption(new Option('--format <format>', 'log_destination the log was written with').choices(['stderr', 'csvlog', 'jsonlog']).default('stderr'))
    .option('--prefix <log_line_prefix>', "the server's log_line_prefix (stderr logs only), e.g. '%m [%p] %q%u@%d '", '%m [%p] ')
    .option('--shadow <url>', 'PostgreSQL server for the temporary schema database (with --schema); default: connections.shadow, else an embedded server');
}

/** The checks commander cannot express; throws USAGE_INVALID naming the flag. */
export function checkWorkloadInput(flags: WorkloadInputFlags, command: string): void {
  if ((flags.schema === undefined) === (flags.production === undefined)) throw usage('give exactly one of --schema <file> and --production <url>');
  if (flags.production !== undefined && !POSTGRES_URL.test(flags.production)) throw usage('--production must be a postgres:// URL');
  if (flags.shadow !== undefined && !POSTGRES_URL.test(flags.shadow)) throw usage('--shadow must be a postgres:// URL');
  if (flags.shadow !== undefined && flags.schema === undefined) throw usage('--shadow only applies with --schema');
  if (!flags.print) throw usage(`${command} writes its results with --print (JSON lines on stdout)`);
}

/** Where the schema of a workload run comes from: production (read-only), or a file loaded on a shadow server. */
export type WorkloadSchemaSource =
  | { readonly kind: 'file'; readonly path: string; readonly shadowServerUrl: string }
  | { readonly kind: 'production'; readonly url: string };

/** The schema source the flags name; a schema file goes to --shadow, else connections.shadow, else the embedded server. */
export async function workloadSchemaSource(flags: WorkloadInputFlags, config: ShadowtuneConfig, databases: Databases): Promise<WorkloadSchemaSource> {
  if (flags.production !== undefined) return { kind: 'production', url: flags.production };
  return { kind: 'file', path: flags.schema!, shadowServerUrl: flags.shadow ?? config.connections.shadow ?? (await databases.shadow()).url };
}
