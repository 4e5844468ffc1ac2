/**
 * How every command runs: parse and check the whole command line first (a problem there exits 2
 * before any work), then do the work (a problem there exits 1). Any error reaches the user as one
 * line prefixed with the command; `--debug` or QUORUM_DEBUG=1 adds the stack.
 */
import { QuorumError } from '../core/errors.js';
import { formatHelp, parseCommandArgs, type OptionTable, type ParsedArgs } from './args.js';
import { EXIT, type ExitCode } from './exit-codes.js';

export interface OutputStream {
  write(text: string): unknown;
}

export interface CommandIo {
  stdout: OutputStream;
  stderr: OutputStream & { isTTY?: boolean };
}

export type Env = Readonly<Record<string, string | undefined>>;

export interface Command<Settings> {
  name: string;
  usage: string;
  /** The command's own options; --help and --debug are added to every command. */
  options: OptionTable;
  /** Checks every option and resolves every name (an answer-kind module may have to be imported); throws on anything wrong, before any work. */
  settings(args: ParsedArgs, env: Env): Settings | Promise<Settings>;
  /** The work itself: resolves to 0 or 1; a thrown error is printed and exits 1. */
  execute(settings: Settings, io: CommandIo, env: Env): Promise<ExitCode>;
}

export const COMMON_OPTIONS: OptionTable = {
  debug: { type: 'boolean', description: 'print the stack of an error too (or set QUORUM_DEBUG=1)' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
};

export const commandOptions = (command: Pick<Command<unknown>, 'options'>): OptionTable => ({ ...command.options, ...COMMON_OPTIONS });

/** One line for the user; a QuorumError's message says what to do, anything else is named as unexpected. */
export function errorLine(error: unknown): string {
  const text = error instanceof QuorumError ? error.message : error instanceof Error ? `${error.message} (unexpected; run with --debug for the stack)` : String(error);
  return text.replace(/\s*\n\s*/g, ' ');
}

export function printError(io: CommandIo, prefix: string, error: unknown, debug: boolean): void {
  io.stderr.write(`${prefix}: ${errorLine(error)}\n`);
  if (debug && error instanceof Error && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
}

export const debugFromEnv = (env: Env): boolean => env['QUORUM_DEBUG'] !== undefined && env['QUORUM_DEBUG'] !== '' && env['QUORUM_DEBUG'] !== '0';

export async function runCommand<Settings>(command: Command<Settings>, argv: readonly string[], io: CommandIo, env: Env): Promise<ExitCode> {
  const prefix = `quorum ${command.name}`;
  const table = commandOptions(command);
  let debug = debugFromEnv(env) || argv.includes('--debug');
  let settings: Settings;
  try {
    const args = parseCommandArgs(command.name, argv, table);
    debug ||= args.values['debug'] === true;
    if (args.values['help'] === true) {
      io.stdout.write(formatHelp(command.name, command.usage, table));
      return EXIT.ok;
    }
    settings = await command.settings(args, env);
  } catch (error) {
    printError(io, prefix, error, debug);
    return error instanceof QuorumError ? EXIT.usage : EXIT.failure;
  }
  try {
    return await command.execute(settings, io, env);
  } catch (error) {
    printError(io, prefix, error, debug);
    return EXIT.failure;
  }
}
