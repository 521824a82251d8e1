/** `azq sas account` and `azq sas queue`: print a SAS token signed with the account key; nothing is sent. */
import { Option, type Command } from "commander";
import { timeFromNow } from "./arguments.js";
import { commandContext } from "./global-options.js";

// An hour, so a token made for a quick test does not outlive it by days.
const DEFAULT_EXPIRY = "1h";

interface RestrictionOptions {
  readonly start?: Date;
  readonly ip?: string;
  readonly protocol?: "https" | "https,http";
}

function addRestrictions(command: Command): Command {
  return command
    .option("--start <time>", "valid from (ISO 8601, or a duration from now such as 5m)", timeFromNow)
    .option("--ip <address-or-range>", "only from this IP address or range, e.g. 168.1.5.60-168.1.5.70")
    .addOption(new Option("--protocol <protocol>", "https only, or both").choices(["https", "https,http"]));
}

export function registerSas(program: Command): void {
  const sas = program.command("sas").description("print a SAS token (needs the account key)");

  addRestrictions(
    sas
      .command("account")
      .description("an account SAS for the queue service")
      .requiredOption("--permissions <letters>", "of r (read), w (write), d (delete), l (list), a (add), c (create), u (update), p (process)")
      .option("--resource-types <letters>", "s (service), c (container: queues), o (object: messages)", "sco")
      .option("--expiry <time>", "valid until (ISO 8601, or a duration from now such as 12h or 7d)", timeFromNow, timeFromNow(DEFAULT_EXPIRY)),
  ).action(async (options: RestrictionOptions & { permissions: string; resourceTypes: string; expiry: Date }, command: Command) => {
    const { service, output } = commandContext(command);
    await using qs = await service();
    const token = qs.generateAccountSharedAccessSignature(options.resourceTypes, options.permissions, options.expiry, restrictions(options));
    output.result({ token, expiry: options.expiry.toISOString() }, () => token);
  });

  addRestrictions(
    sas
      .command("queue")
      .description("a SAS for one queue, ad hoc or through a stored access policy (--policy-id)")
      .argument("<queue>", "queue name")
      .option("--permissions <letters>", "of r (read: peek), a (add), u (update), p (process: get and delete)")
      .option("--expiry <time>", `valid until (ISO 8601, or a duration such as 12h; default without --policy-id: ${DEFAULT_EXPIRY})`, timeFromNow)
      .option("--policy-id <id>", "a stored access policy of the queue, which may give the permissions and expiry"),
  ).action(async (queue: string, options: RestrictionOptions & { permissions?: string; expiry?: Date; policyId?: string }, command: Command) => {
    const { service, output } = commandContext(command);
    await using qs = await service();
    const expiry = options.expiry ?? (options.policyId === undefined ? timeFromNow(DEFAULT_EXPIRY) : undefined);
    const token = qs.generateQueueSharedAccessSignature(queue, {
      ...restrictions(options),
      permission: options.permissions,
      expiry,
      id: options.policyId,
    });
    output.result({ token, expiry: expiry?.toISOString() ?? null }, () => token);
  });
}

function restrictions(options: RestrictionOptions): RestrictionOptions {
  return { start: options.start, ip: options.ip, protocol: options.protocol };
}
