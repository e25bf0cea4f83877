import { Command, CommanderError } from 'commander';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';
import { exitCodeOf } from './exit-code-of.js';
import { analyzeCommand } from './commands/analyze-command.js';
import { evolveCommand } from './commands/evolve-command.js';
import { captureCommand } from './commands/capture-command.js';
import { proposalsCommand } from './commands/proposals-command.js';
import { runCommand } from './commands/run-command.js';
import { serviceCommand } from './commands/service-command.js';
import { synthCommand } from './commands/synth-command.js';

/** Builds the command tree; each command lives in its own file under commands/. */
export function buildProgram(): Command {
  const program = new Command('shadowtune')
    .description('Turns a PostgreSQL production workload into validated, reversible improvements.')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  program.addCommand(serviceCommand());
  program.addCommand(runCommand());
  program.addCommand(proposalsCommand());
  program.addCommand(analyzeCommand());
  program.addCommand(evolveCommand());
  program.addCommand(captureCommand());
  program.addCommand(synthCommand());
  for (const command of program.commands) command.exitOverride().showHelpAfterError();
  return program;
}

export async function main(argv: readonly string[]): Promise<ExitCode> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return EXIT_CODES.OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode === 0 ? EXIT_CODES.OK : EXIT_CODES.USAGE;
    }
    const code = exitCodeOf(error);
    const message = error instanceof ShadowtuneError ? `${error.code}: ${error.message}` : String(error);
    process.stderr.write(`shadowtune: ${message}\n`);
    return code;
  }
}
