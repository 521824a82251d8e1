/**
 * The azq program: its global options, its commands, and the one place where a failure becomes a line on stderr
 * and an exit status.
 */
import { Command, CommanderError } from "commander";
import { registerDrain } from "./drain.js";
import { describeFailure, EXIT_USAGE, redactSecrets } from "./errors.js";
import { addGlobalOptions, failureContext } from "./global-options.js";
import { registerMessages } from "./messages.js";
import { registerMove } from "./move.js";
import { registerQueues } from "./queues.js";
import { registerSas } from "./sas.js";
import { registerServe } from "./serve.js";
import { registerWork } from "./work.js";

export function createProgram(version: string): Command {
  const program = new Command("azq")
    .description("Azure Queue Storage from the command line: queues, messages, drain, move, work, SAS, a local emulator")
    .version(version, "-V, --version")
    .exitOverride()
    .configureOutput({
      // commander's own usage errors, on one line like ours.
      outputError: (text, write) => write(`azq: ${redactSecrets(text.replace(/^error: /, "").trim().replace(/\s*\n\s*/g, " "))}\n`),
    });
  addGlobalOptions(program);
  registerQueues(program);
  registerMessages(program);
  registerDrain(program);
  registerMove(program);
  registerWork(program);
  registerSas(program);
  registerServe(program);
  return program;
}

/** Runs azq with `argv` (process.argv's form) and resolves to the exit status. */
export async function runAzq(argv: readonly string[], version: string): Promise<number> {
  const program = createProgram(version);
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with exit code 0; everything else commander refuses is a usage error.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    const { line, exitCode } = describeFailure(error, failureContext);
    process.stderr.write(`${line}\n`);
    return exitCode;
  }
}
