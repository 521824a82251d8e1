/**
 * The lines `azq put` reads, from a file or stdin: one message per line, or with --jsonl one JSON value per line.
 * Lines are pulled one at a time, so input of any size streams through with constant memory.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import type { PutMessageOptions } from "../index.js";
import { CliError } from "./errors.js";

export interface InputLine {
  /** 1-based, counting empty lines too, so that it matches an editor's. */
  readonly number: number;
  readonly text: string;
}

export interface MessageToPut {
  readonly content: string;
  readonly options: Pick<PutMessageOptions, "visibilityTimeout" | "timeToLive">;
}

export function openInput(file: string | undefined): Readable {
  return file === undefined ? process.stdin : createReadStream(file);
}

/** Non-empty lines until the input ends or `stop` aborts; a line handed out is never dropped. */
export async function* inputLines(input: Readable, stop: AbortSignal): AsyncGenerator<InputLine> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  // Waiting for a line that may never come (stdin left open) must not hold up a stop.
  const onStop = (): void => lines.close();
  stop.addEventListener("abort", onStop, { once: true });
  let number = 0;
  try {
    for await (const text of lines) {
      number += 1;
      if (stop.aborted) return;
      // An empty line is almost always a trailing blank or a paste artefact, not a message someone meant.
      if (text.trim() === "") continue;
      yield { number, text };
    }
  } finally {
    stop.removeEventListener("abort", onStop);
    lines.close();
    // Let the process exit when stopped early on stdin, which would otherwise stay open waiting for more.
    input.destroy();
  }
}

/** The number of lines of a file that `inputLines` hands out, for the progress bar's total. */
export async function countMessageLines(file: string): Promise<number> {
  let count = 0;
  for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) if (text.trim() !== "") count += 1;
  return count;
}

/** A line as a message: the text itself, or with --jsonl a JSON string or `{ content, visibilityTimeout, timeToLive }`. */
export function messageFromLine(line: InputLine, jsonl: boolean, defaults: MessageToPut["options"]): MessageToPut {
  if (!jsonl) return { content: line.text, options: defaults };
  let value: unknown;
  try {
    value = JSON.parse(line.text);
  } catch {
    throw new CliError(`line ${line.number} is not JSON`, "with --jsonl each line is a JSON string or an object with a content string.");
  }
  if (typeof value === "string") return { content: value, options: defaults };
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new CliError(`line ${line.number} is neither a JSON string nor an object`);
  }
  const record = value as Record<string, unknown>;
  if (typeof record.content !== "string") throw new CliError(`line ${line.number} has no "content" string`);
  return {
    content: record.content,
    options: {
      visibilityTimeout: optionalNumber(record, "visibilityTimeout", line) ?? defaults.visibilityTimeout,
      timeToLive: optionalNumber(record, "timeToLive", line) ?? defaults.timeToLive,
    },
  };
}

function optionalNumber(record: Record<string, unknown>, key: string, line: InputLine): number | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number") throw new CliError(`line ${line.number}: "${key}" must be a number of seconds`);
  return value;
}
