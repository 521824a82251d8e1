/**
 * Which CPU each bench process runs on. Left to the scheduler, a client and its server on a 2-core machine land
 * on one core in some runs and on two in others, and every request costs the client ~35 us more across cores
 * (the wake-up of the other side): the raw floor measured 50 or 85 us per put from one run to the next. So
 * servers (stub, Azurite) are pinned to CPU 0 and contenders to CPU 1, with `taskset`, when it exists and there
 * are two CPUs or more; across cores, as a client and a server on separate machines would be.
 */
import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";

export const SERVER_CPU = "0";
export const CLIENT_CPU = "1";

let enabled: boolean | undefined;

/** Turns pinning off (`--no-pin`), or on when possible. Call before starting any process. */
export function configurePinning(wanted: boolean): boolean {
  enabled = wanted && availableParallelism() >= 2 && spawnSync("taskset", ["-V"]).status === 0;
  return enabled;
}

/** The command and arguments that run `node ...args` on `cpu` (plain `node` when pinning is off). */
export function pinnedNode(cpu: string, args: readonly string[]): [string, string[]] {
  return pinnedCommand(cpu, process.execPath, args);
}

/** `command` with `args`, on `cpu` when pinning is on. */
export function pinnedCommand(cpu: string, command: string, args: readonly string[]): [string, string[]] {
  return enabled ? ["taskset", ["-c", cpu, command, ...args]] : [command, [...args]];
}

/** Moves a running process, every thread of it, to `cpu` (for Azurite, which the test harness starts). */
export function pinRunningProcess(pid: number, cpu: string): void {
  if (!enabled) return;
  const result = spawnSync("taskset", ["-a", "-cp", cpu, String(pid)], { stdio: "ignore" });
  if (result.status !== 0) throw new Error(`taskset could not pin process ${pid} to CPU ${cpu}`);
}
