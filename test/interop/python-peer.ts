/**
 * The Node side of peer.py: one long-lived Python process per test file, answering one JSON line per command, so
 * the interpreter and both SDKs are imported once rather than once per message.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** The Debian interpreter, which is the one the Debian SDK packages install into. */
export const DEFAULT_PYTHON = "/usr/bin/python3";
export const PYTHON_ENV = "AZQUEUE_INTEROP_PYTHON";
const PEER_SCRIPT = fileURLToPath(new URL("./peer.py", import.meta.url));

/** reference: azure.multiapi.storage v2018_11_09 QueueService; modern: azure.storage.queue QueueClient. */
export type PythonSdk = "reference" | "modern";
/** The reference offers all four; the modern client has no XML text format. */
export type PythonFormat = "textXml" | "textBase64" | "binaryBase64" | "none";

export interface PythonAccount {
  /** The path-style queue endpoint, e.g. http://127.0.0.1:PORT/devstoreaccount1 */
  readonly endpoint: string;
  readonly accountName: string;
  readonly accountKey: string;
}

/** Bytes travel as base64 so every byte value survives JSON. */
type WireContent = { readonly text: string } | { readonly bytes: string };

/** A key-encryption key peer.py builds with cryptography: AES key wrap ("A256KW") or RSA-OAEP with SHA-1. */
export type PythonKek =
  | { readonly type: "aes"; readonly kid: string; readonly key: Uint8Array }
  | { readonly type: "rsa"; readonly kid: string; readonly pkcs8: Uint8Array };

/** Client-side encryption for one command: the SDK's key_encryption_key (or resolver) and require_encryption. */
export interface PythonEncryption {
  readonly kek: PythonKek;
  /** The modern client's encryption_version (its default is 1.0); the reference writes 1.0 only. */
  readonly version?: "1.0" | "2.0";
  readonly require?: boolean;
  /** Hand the key to the SDK only through key_resolver_function, which knows just its kid. */
  readonly resolver?: boolean;
}

export interface PythonMessage {
  readonly id: string;
  readonly insertionTime: Date | undefined;
  readonly expirationTime: Date | undefined;
  /** Absent on put. */
  readonly dequeueCount: number | undefined;
  /** Absent on peek. */
  readonly popReceipt: string | undefined;
  readonly timeNextVisible: Date | undefined;
  readonly content: string | Uint8Array | undefined;
}

interface RawMessage {
  id: string;
  insertionTime: string | null;
  expirationTime: string | null;
  dequeueCount: number | null;
  popReceipt: string | null;
  timeNextVisible: string | null;
  content: WireContent | null;
}

/** An exception, by class name and the first line of its text. */
export interface PythonException {
  readonly type: string;
  readonly message: string;
}

/** A failure the Python SDK raised, as data. */
export class PythonPeerError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status: number | undefined,
    /** The exceptions it was raised while handling, innermost last: what a generic "Decryption failed" hides. */
    readonly causes: readonly PythonException[] = [],
  ) {
    super(`${type}: ${message}`);
    this.name = "PythonPeerError";
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class PythonPeer {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #pending: Pending[] = [];
  #stderr = "";
  readonly #exited: Promise<void>;

  private constructor(child: ChildProcessWithoutNullStreams) {
    this.#child = child;
    child.stderr.setEncoding("utf8");
    // Keep only the tail: enough to explain a crash.
    child.stderr.on("data", (chunk: string) => (this.#stderr = (this.#stderr + chunk).slice(-4000)));
    createInterface({ input: child.stdout }).on("line", (line) => this.#answer(line));
    this.#exited = new Promise((resolve) => {
      child.once("close", (code, signal) => {
        const error = new Error(`peer.py exited (code ${code}, signal ${signal}):\n${this.#stderr}`);
        for (const pending of this.#pending.splice(0)) pending.reject(error);
        resolve();
      });
    });
    child.once("error", (error) => {
      for (const pending of this.#pending.splice(0)) pending.reject(error);
    });
  }

  static start(account: PythonAccount, python = process.env[PYTHON_ENV] ?? DEFAULT_PYTHON): PythonPeer {
    const child = spawn(python, [PEER_SCRIPT, JSON.stringify(account)], {
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, PYTHONIOENCODING: "utf-8", PYTHONDONTWRITEBYTECODE: "1" },
    });
    return new PythonPeer(child);
  }

  #answer(line: string): void {
    const pending = this.#pending.shift();
    if (!pending) return;
    const answer = JSON.parse(line) as
      | { ok: true; result: unknown }
      | { ok: false; error: { type: string; message: string; status: number | null; causes: PythonException[] } };
    if (answer.ok) pending.resolve(answer.result);
    else {
      const { type, message, status, causes } = answer.error;
      pending.reject(new PythonPeerError(type, message, status ?? undefined, causes));
    }
  }

  #call(command: Record<string, unknown>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ resolve, reject });
      this.#child.stdin.write(`${JSON.stringify(command)}\n`);
    });
  }

  info(sdk: PythonSdk): Promise<{ sdk: string; xMsVersion: string }> {
    return this.#call({ sdk, op: "info" }) as Promise<{ sdk: string; xMsVersion: string }>;
  }

  async createQueue(sdk: PythonSdk, queue: string): Promise<void> {
    await this.#call({ sdk, op: "createQueue", queue });
  }

  async put(
    sdk: PythonSdk,
    format: PythonFormat,
    queue: string,
    content: string | Uint8Array,
    encryption?: PythonEncryption,
  ): Promise<PythonMessage> {
    const command = { sdk, op: "put", format, queue, content: toWire(content), ...wireEncryption(encryption) };
    return toMessage((await this.#call(command)) as RawMessage);
  }

  async get(
    sdk: PythonSdk,
    format: PythonFormat,
    queue: string,
    options: { numMessages?: number; visibilityTimeout?: number; encryption?: PythonEncryption } = {},
  ): Promise<PythonMessage[]> {
    const { encryption, ...rest } = options;
    const raw = (await this.#call({ sdk, op: "get", format, queue, ...rest, ...wireEncryption(encryption) })) as RawMessage[];
    return raw.map(toMessage);
  }

  async peek(
    sdk: PythonSdk,
    format: PythonFormat,
    queue: string,
    numMessages = 1,
    encryption?: PythonEncryption,
  ): Promise<PythonMessage[]> {
    const command = { sdk, op: "peek", format, queue, numMessages, ...wireEncryption(encryption) };
    return ((await this.#call(command)) as RawMessage[]).map(toMessage);
  }

  async update(
    sdk: PythonSdk,
    format: PythonFormat,
    queue: string,
    id: string,
    popReceipt: string,
    visibilityTimeout: number,
    content?: string | Uint8Array,
    encryption?: PythonEncryption,
  ): Promise<{ popReceipt: string; timeNextVisible: Date | undefined }> {
    const command = { sdk, op: "update", format, queue, id, popReceipt, visibilityTimeout, ...wireEncryption(encryption) };
    const raw = (await this.#call(content === undefined ? command : { ...command, content: toWire(content) })) as {
      popReceipt: string;
      timeNextVisible: string | null;
    };
    return { popReceipt: raw.popReceipt, timeNextVisible: toDate(raw.timeNextVisible) };
  }

  /**
   * The envelope the SDK's own queue-message encryption makes of `text` (the already encoded message text) when its
   * os.urandom returns `randoms` in turn: the content key, then the IV (1.0) or nonce (2.0).
   */
  encryptFixed(sdk: PythonSdk, text: string, encryption: PythonEncryption, randoms: readonly Uint8Array[]): Promise<string> {
    const command = { sdk, op: "encryptFixed", text, ...wireEncryption(encryption), randoms: randoms.map(base64) };
    return this.#call(command) as Promise<string>;
  }

  /** The MessageText of an XML document as Python's expat (a conforming XML 1.0 parser) reads it. */
  parseMessageText(xml: string): Promise<string | null> {
    return this.#call({ sdk: "xml", op: "parseMessageText", xml }) as Promise<string | null>;
  }

  async delete(sdk: PythonSdk, queue: string, id: string, popReceipt: string): Promise<void> {
    await this.#call({ sdk, op: "delete", queue, id, popReceipt });
  }

  /** Ends stdin so the script leaves its loop; kills it only if it does not exit by itself. */
  async close(): Promise<void> {
    this.#child.stdin.end();
    const timer = setTimeout(() => this.#child.kill("SIGKILL"), 5000);
    await this.#exited;
    clearTimeout(timer);
  }
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64");
}

function toWire(content: string | Uint8Array): WireContent {
  return typeof content === "string" ? { text: content } : { bytes: base64(content) };
}

/** The command's "encryption" member, or nothing, so a command without it stays as it always was. */
function wireEncryption(encryption: PythonEncryption | undefined): { encryption?: Record<string, unknown> } {
  if (encryption === undefined) return {};
  const { kek, ...settings } = encryption;
  const wireKek =
    kek.type === "aes"
      ? { type: kek.type, kid: kek.kid, key: base64(kek.key) }
      : { type: kek.type, kid: kek.kid, pkcs8: base64(kek.pkcs8) };
  return { encryption: { ...settings, kek: wireKek } };
}

function toDate(text: string | null): Date | undefined {
  return text === null ? undefined : new Date(text);
}

function toMessage(raw: RawMessage): PythonMessage {
  let content: string | Uint8Array | undefined;
  if (raw.content !== null) {
    content = "text" in raw.content ? raw.content.text : new Uint8Array(Buffer.from(raw.content.bytes, "base64"));
  }
  return {
    id: raw.id,
    insertionTime: toDate(raw.insertionTime),
    expirationTime: toDate(raw.expirationTime),
    dequeueCount: raw.dequeueCount ?? undefined,
    popReceipt: raw.popReceipt ?? undefined,
    timeNextVisible: toDate(raw.timeNextVisible),
    content,
  };
}
