/**
 * What azq prints: human tables on stdout, or with --json one JSON document (JSON lines for streams); notes and
 * progress on stderr, so that piped stdout stays machine-readable; --quiet keeps only errors and requested data.
 */
import { SingleBar } from "cli-progress";
import Table, { type TableConstructorOptions } from "cli-table3";
import type { PeekedMessage } from "../index.js";

export interface OutputMode {
  readonly json: boolean;
  readonly quiet: boolean;
}

export interface Progress {
  /** Adds to the count; `fields` fill the bar's other placeholders. */
  increment(by?: number, fields?: Readonly<Record<string, number | string>>): void;
  /** Sets every field, for live lines that are not a count. */
  update(fields: Readonly<Record<string, number | string>>): void;
  stop(): void;
}

const NO_PROGRESS: Progress = { increment() {}, update() {}, stop() {} };

// Borderless: a table people can also cut columns out of with awk.
const PLAIN_TABLE: TableConstructorOptions = {
  chars: {
    top: "", "top-mid": "", "top-left": "", "top-right": "",
    bottom: "", "bottom-mid": "", "bottom-left": "", "bottom-right": "",
    left: "", "left-mid": "", mid: "", "mid-mid": "", right: "", "right-mid": "", middle: "  ",
  },
  style: { head: [], border: [], "padding-left": 0, "padding-right": 0, compact: true },
};

export class Output {
  constructor(readonly mode: OutputMode) {}

  /** A command's result: `value` as JSON with --json, `human()` otherwise. */
  result(value: unknown, human: () => string): void {
    if (this.mode.json) process.stdout.write(`${JSON.stringify(value)}\n`);
    else process.stdout.write(ensureNewline(human()));
  }

  /** A summary line; suppressed by --quiet, JSON with --json. */
  summary(value: Readonly<Record<string, unknown>>, human: string, stream: "stdout" | "stderr" = "stdout"): void {
    if (this.mode.json && stream === "stdout") return this.result(value, () => human);
    if (this.mode.quiet) return;
    (stream === "stdout" ? process.stdout : process.stderr).write(ensureNewline(human));
  }

  /** Information for people (a cap applied, a stop requested), on stderr; suppressed by --quiet. */
  note(text: string): void {
    if (!this.mode.quiet) process.stderr.write(ensureNewline(`azq: ${text}`));
  }

  /**
   * A progress bar on stderr, only when stderr is a terminal and not --quiet. `format` is cli-progress's, e.g.
   * "put [{bar}] {value}/{total}"; without a total the bar shows the count alone.
   */
  progress(format: string, total?: number, fields: Readonly<Record<string, number | string>> = {}): Progress {
    if (this.mode.quiet || process.stderr.isTTY !== true) return NO_PROGRESS;
    const bar = new SingleBar({ format, stream: process.stderr, hideCursor: true, clearOnComplete: false, barsize: 30, fps: 10 });
    bar.start(total ?? 0, 0, fields);
    return {
      increment: (by = 1, more) => bar.increment(by, more),
      update: (more) => bar.update(more),
      stop: () => bar.stop(),
    };
  }
}

export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const rendered = new Table({ head: [...head], ...PLAIN_TABLE });
  rendered.push(...rows.map((row) => [...row]));
  // cli-table3 pads every cell, the last column too: trailing spaces only get in the way of copy and paste.
  return rendered.toString().split("\n").map((line) => line.trimEnd()).join("\n");
}

/** Content for a table cell: one line, control characters visible, long text shortened (--json has it whole). */
export function cell(text: string, max = 60): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this makes visible
  const visible = text.replace(/[\u0000-\u001f\u007f]/g, (char) => JSON.stringify(char).slice(1, -1));
  return visible.length > max ? `${visible.slice(0, max - 1)}…` : visible;
}

export function plural(count: number, noun: string): string {
  return `${count.toLocaleString("en-US")} ${noun}${count === 1 ? "" : "s"}`;
}

function ensureNewline(text: string): string {
  return text.endsWith("\n") ? text : `${text}\n`;
}

/**
 * A message as JSON: what `peek`, `get` and `drain` print, and a line `azq put --jsonl` reads back (it takes
 * `content` and ignores the rest).
 */
export function messageJson(message: PeekedMessage): Record<string, unknown> {
  return {
    id: message.id,
    insertionTime: message.insertionTime.toISOString(),
    expirationTime: message.expirationTime.toISOString(),
    dequeueCount: message.dequeueCount,
    content: message.content,
  };
}
