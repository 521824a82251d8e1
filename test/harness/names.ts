import { randomBytes } from "node:crypto";

/** A fresh, valid queue name, so every test has a queue of its own. */
export function uniqueQueueName(prefix = "q"): string {
  return `${prefix}-${randomBytes(6).toString("hex")}`;
}
