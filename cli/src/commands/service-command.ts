import { Command, Option } from 'commander';
import { loadConfig } from '@shadowtune/shared/config/load-config';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { SERVICE_NAMES, type ServiceName } from '@shadowtune/shared/service/service-definition';
import { runServices } from '@shadowtune/shared/service/run-services';
import { runUntilSignal } from '../run-until-signal.js';
import { SERVICE_LOADERS } from '../service-registry.js';

interface ServiceFlags {
  readonly config?: string;
  readonly healthPort?: string;
  readonly port?: string;
}

export function serviceCommand(): Command {
  return new Command('service')
    .description('Run one service in this process (distributed mode: the bus and connections come from the configuration).')
    .addArgument(new Command().createArgument('<name>', 'service to run').choices(SERVICE_NAMES))
    .option('-c, --config <file>', 'YAML or JSON configuration file (else SHADOWTUNE_CONFIG; environment variables override it)')
    .addOption(new Option('--health-port <port>', 'port of /healthz, /readyz and /metrics (overrides health.port; 0 picks a free one)'))
    .addOption(new Option('--port <port>', 'control-plane only: port of its HTTP API (overrides services.controlPlane.port; 0 picks a free one)'))
    .addHelpText(
      'after',
      '\nThe process runs until SIGTERM or SIGINT, then stops consuming, lets the in-flight event finish, commits and exits 0.\n' +
        'Example:\n  SHADOWTUNE_BUS__KIND=kafka SHADOWTUNE_CONNECTIONS__KAFKA_BROKERS=kafka:9092 shadowtune service signature-analyzer',
    )
    .action(async (name: ServiceName, flags: ServiceFlags) => {
      if (flags.port !== undefined && name !== 'control-plane') {
        throw new ShadowtuneError('USAGE_INVALID', '--port applies to the control-plane only (other services serve only the health endpoint: --health-port)');
      }
      const config = loadConfig({
        file: flags.config,
        overrides: {
          'health.port': flags.healthPort === undefined ? undefined : Number(flags.healthPort),
          'services.controlPlane.port': flags.port === undefined ? undefined : Number(flags.port),
        },
      });
      const definition = await SERVICE_LOADERS[name]();
      const services = await runServices({ config, definitions: [definition], processName: name });
      await runUntilSignal(services);
    });
}
