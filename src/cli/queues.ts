/** `azq queues`: list, create, delete, metadata and stats of the account's queues. */
import type { Command } from "commander";
import pMap from "p-map";
import type { Queue } from "../index.js";
import { keyValue } from "./arguments.js";
import { commandContext } from "./global-options.js";
import { plural, table } from "./output.js";

// Enough to hide the round trips of a few hundred queues without hammering the account.
const STATS_CONCURRENCY = 16;

export function registerQueues(program: Command): void {
  const queues = program.command("queues").description("list, create, delete and inspect queues");

  queues
    .command("list")
    .description("list the queues")
    .option("--prefix <prefix>", "only queues whose name starts with this")
    .option("--metadata", "include each queue's metadata", false)
    .action(async (options: { prefix?: string; metadata: boolean }, command: Command) => {
      const { service, output } = commandContext(command);
      await using qs = await service();
      const listed: Queue[] = [];
      for await (const queue of qs.listQueues({ prefix: options.prefix, includeMetadata: options.metadata })) listed.push(queue);
      output.result(listed, () =>
        options.metadata
          ? table(["NAME", "METADATA"], listed.map((queue) => [queue.name, formatMetadata(queue.metadata ?? {})]))
          : listed.map((queue) => queue.name).join("\n"),
      );
    });

  queues
    .command("create")
    .description("create a queue (nothing happens when it exists)")
    .argument("<name>", "queue name")
    .option("--metadata <key=value...>", "metadata to set on the new queue", keyValue)
    .action(async (name: string, options: { metadata?: Record<string, string> }, command: Command) => {
      const { service, output } = commandContext(command);
      await using qs = await service();
      const created = await qs.createQueue(name, { metadata: options.metadata });
      output.summary({ name, created }, created ? `Created queue ${name}.` : `Queue ${name} exists already.`);
    });

  queues
    .command("delete")
    .description("delete a queue and its messages")
    .argument("<name>", "queue name")
    .option("--if-exists", "succeed when the queue does not exist", false)
    .action(async (name: string, options: { ifExists: boolean }, command: Command) => {
      const { service, output } = commandContext(command);
      await using qs = await service();
      const deleted = await qs.deleteQueue(name, { failNotExist: !options.ifExists });
      output.summary({ name, deleted }, deleted ? `Deleted queue ${name}.` : `Queue ${name} did not exist.`);
    });

  queues
    .command("metadata")
    .description("show a queue's metadata and approximate message count, or replace its metadata with --set")
    .argument("<name>", "queue name")
    .option("--set <key=value...>", "replace all of the queue's metadata with these pairs", keyValue)
    .option("--clear", "remove all of the queue's metadata", false)
    .action(async (name: string, options: { set?: Record<string, string>; clear: boolean }, command: Command) => {
      const { service, output } = commandContext(command);
      await using qs = await service();
      // The service replaces metadata as a whole; there is no per-key update.
      if (options.set !== undefined || options.clear) await qs.setQueueMetadata(name, options.clear ? {} : options.set);
      const { metadata, approximateMessageCount } = await qs.getQueueMetadata(name);
      output.result({ name, metadata, approximateMessageCount }, () =>
        table(["KEY", "VALUE"], Object.entries(metadata)) + `\n${plural(approximateMessageCount, "message")} (approximately)`,
      );
    });

  queues
    .command("stats")
    .description("each queue's name and approximate message count")
    .option("--prefix <prefix>", "only queues whose name starts with this")
    .action(async (options: { prefix?: string }, command: Command) => {
      const { service, output } = commandContext(command);
      await using qs = await service();
      const names: string[] = [];
      for await (const queue of qs.listQueues({ prefix: options.prefix })) names.push(queue.name);
      const stats = await pMap(
        names,
        async (name) => ({ name, approximateMessageCount: (await qs.getQueueMetadata(name)).approximateMessageCount }),
        { concurrency: STATS_CONCURRENCY },
      );
      output.result(stats, () => table(["NAME", "MESSAGES"], stats.map((stat) => [stat.name, String(stat.approximateMessageCount)])));
    });
}

function formatMetadata(metadata: Readonly<Record<string, string>>): string {
  return Object.entries(metadata)
    .map(([key, value]) => `${key}=${value}`)
    .join(" ");
}
