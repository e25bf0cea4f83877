import { Command, Option } from 'commander';
import { loadConfig } from '@shadowtune/shared/config/load-config';
import { SERVICE_NAMES } from '@shadowtune/shared/service/service-definition';
import { runServices } from '@shadowtune/shared/service/run-services';
import { runUntilSignal } from '../run-until-signal.js';
import { SERVICE_LOADERS } from '../service-registry.js';

interface RunFlags {
  readonly config?: string;
  readonly healthPort?: string;
}

export function runCommand(): Command {
  return new Command('run')
    .description('Run every service in one process over the in-memory bus (embedded mode); shadow and catalog default to an embedded PostgreSQL.')
    .option('-c, --config <file>', 'YAML or JSON configuration file (else SHADOWTUNE_CONFIG; environment variables override it)')
    .addOption(new Option('--health-port <port>', 'port of /healthz, /readyz and /metrics (overrides health.port; 0 picks a free one)'))
    .addHelpText('after', '\nStops cleanly on SIGTERM or SIGINT (exit 0).')
    .action(async (flags: RunFlags) => {
      const config = loadConfig({
        file: flags.config,
        overrides: { 'bus.kind': 'memory', 'health.port': flags.healthPort === undefined ? undefined : Number(flags.healthPort) },
      });
      const definitions = await Promise.all(SERVICE_NAMES.map((name) => SERVICE_LOADERS[name]()));
      const services = await runServices({ config, definitions, processName: 'shadowtune' });
      await runUntilSignal(services);
    });
}
