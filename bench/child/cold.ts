/**
 * Cold start: `node cold.js <contender> <accountUrl> <queue>` imports the contender's package, builds a client,
 * completes one put and prints "done". The runner times it from spawn to that line, so process start-up, module
 * loading and the first connection all count, as they do for a real program.
 */
import { ACCOUNT_KEY, ACCOUNT_NAME, MESSAGE_TEXT } from "../config.js";
import type { CreateContender } from "./contenders/contender.js";

const [name, accountUrl, queue] = process.argv.slice(2) as [string, string, string];
const { createContender } = (await import(`./contenders/${name}.js`)) as { createContender: CreateContender };
const contender = await createContender({ accountUrl, accountName: ACCOUNT_NAME, accountKey: ACCOUNT_KEY });
await contender.put(queue, MESSAGE_TEXT);
process.stdout.write("done\n");
await contender.close();
