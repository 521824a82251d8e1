/**
 * Ctrl-C and SIGTERM for the bulk commands: the first signal asks the command to stop after the requests in flight
 * (so nothing is lost or half-written and the final count is right); a second one quits at once, as people expect
 * of a second Ctrl-C. Either way the exit status is the shell's 128 + signal number.
 */
const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type StopSignalName = keyof typeof SIGNAL_EXIT_CODES;

export interface StopRequest {
  /** Aborted on the first SIGINT or SIGTERM. Commands check it between requests; in-flight requests never see it. */
  readonly signal: AbortSignal;
  /** The signal that asked to stop, if one did. */
  readonly received: StopSignalName | undefined;
  /** Removes the handlers; when a signal stopped the command, sets the exit status it implies. */
  dispose(): void;
}

export function watchStopSignals(onFirst: (name: StopSignalName) => void): StopRequest {
  const controller = new AbortController();
  let received: StopSignalName | undefined;
  const handle = (name: StopSignalName): void => {
    if (received !== undefined) process.exit(SIGNAL_EXIT_CODES[name]);
    received = name;
    onFirst(name);
    controller.abort();
  };
  const onInt = (): void => handle("SIGINT");
  const onTerm = (): void => handle("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    dispose() {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      if (received !== undefined) process.exitCode = SIGNAL_EXIT_CODES[received];
    },
  };
}
