/**
 * The message-content pipeline: content to the text the service stores, and stored text back to content. One per
 * QueueService; every message method goes through it. It reads the service's codec and encryption fields on each
 * call, since they are assignable (as in the reference).
 *
 * Client-side encryption sits here, as in the reference: encode then encrypt, decrypt then decode. WebCrypto is
 * asynchronous, so both directions may give a promise; without encryption they give the value itself, the
 * message methods create no promise per message, and the ciphers are never loaded.
 */
import { ValidationError } from "../errors.js";
import { QueueMessageFormat } from "./message-format.js";
import { isPromise, type MaybePromise } from "../maybe-promise.js";
import { decryptsOnRead, settingsForPut } from "../encryption/settings.js";
import type { EncryptionSettings } from "../encryption/types.js";
import type * as CiphersModule from "../encryption/ciphers.js";
import { lazyModule } from "../lazy-module.js";
import type { MessageCodec, QueueServiceOptions } from "./types/options.js";

/** What the pipeline reads at each call: a QueueService's codec and encryption fields. */
export type MessageContentSource<T> = MessageCodec<T> & EncryptionSettings;

const loadCiphers: () => Promise<typeof CiphersModule> = lazyModule(() => import("../encryption/ciphers.js"));

/** Content to stored text and back, for one service. */
export interface MessageContent<T> {
  /** The text to send for `content`; the caller checks its size, since encoding (and encryption) grow it. */
  encode(content: T): MaybePromise<string>;
  /**
   * Checks, before messages are fetched, that they can be read as the settings require.
   *
   * @throws ValidationError (`encryption-required`) when encryption is required and no key can decrypt.
   */
  assertReadable(): void;
  /** The content of a message's stored text. */
  decode(text: string): MaybePromise<T>;
}

/**
 * The codec a service starts with: the options' functions, each defaulting to the text XML format.
 *
 * @throws ValidationError (`codec`) when `encodeFunction` or `decodeFunction` is given and is not a function.
 * @example
 * codecFromOptions({ isEmulated: true }).encodeFunction("a < b"); // "a &lt; b"
 */
export function codecFromOptions<T>(options: QueueServiceOptions<T>): MessageCodec<T> {
  for (const name of ["encodeFunction", "decodeFunction"] as const) {
    if (options[name] !== undefined && typeof options[name] !== "function") {
      throw new ValidationError("codec", `${name} must be a function`);
    }
  }
  // String content is the default; a non-string T has both functions (QueueServiceArgs requires them).
  return {
    encodeFunction: options.encodeFunction ?? (QueueMessageFormat.textXmlEncode as unknown as (content: T) => string),
    decodeFunction: options.decodeFunction ?? (QueueMessageFormat.textXmlDecode as unknown as (text: string) => T),
  };
}

/**
 * The pipeline over `source`, whose fields are read at each call so that assigning new ones takes effect.
 *
 * @example
 * const content = createMessageContent(queueService);
 * const text = content.encode("hello");
 */
export function createMessageContent<T>(source: MessageContentSource<T>): MessageContent<T> {
  return {
    encode: (content) => {
      const text = source.encodeFunction(content);
      const put = settingsForPut(source);
      if (put === undefined) return text;
      return loadCiphers().then(({ encryptMessageText }) => encryptMessageText(text, put.kek, put.version));
    },
    assertReadable: () => void decryptsOnRead(source),
    decode: (text) => {
      if (!decryptsOnRead(source)) return source.decodeFunction(text);
      return loadCiphers().then(({ decryptMessageText }) => decryptMessageText(text, source).then((stored) => source.decodeFunction(stored)));
    },
  };
}

/**
 * Decodes every message of a list and maps it with its content, in order. A promise only when a decode gave one;
 * an error of a synchronous decode is thrown at once.
 *
 * @example
 * const messages = await decodeEach(content, result.body ?? [], toReceivedMessage);
 */
export function decodeEach<T, W extends { readonly MessageText: string }, M>(
  content: MessageContent<T>,
  wire: readonly W[],
  toMessage: (wire: W, content: T) => M,
): MaybePromise<M[]> {
  const messages = new Array<M>(wire.length);
  let pending: Promise<void>[] | undefined;
  for (let i = 0; i < wire.length; i++) {
    const message = wire[i]!;
    const decoded = content.decode(message.MessageText);
    if (isPromise(decoded)) {
      (pending ??= []).push(decoded.then((value) => void (messages[i] = toMessage(message, value))));
    } else {
      messages[i] = toMessage(message, decoded);
    }
  }
  return pending === undefined ? messages : Promise.all(pending).then(() => messages);
}
