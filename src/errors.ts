/**
 * Every error azqueue throws, in one module. All extend `AzureException`, so one `instanceof` catches them.
 * None ever carries an account key, a SAS signature or a bearer token: messages are built from names, statuses and
 * service error codes only, and URLs are redacted before they are mentioned.
 */
import type { ServiceErrorCode } from "../generated/operations.js";

export type { ServiceErrorCode } from "../generated/operations.js";

/** The options every azqueue error's constructor takes; you need them only to build an error yourself. */
export interface AzureExceptionOptions {
  /** The error that led to this one, kept as the standard `cause` (e.g. the socket error under a `NetworkError`). */
  readonly cause?: unknown;
}

/**
 * The root of azqueue's errors: catch it to handle anything azqueue throws, then narrow with `instanceof`. Input
 * mistakes (`ValidationError`) are thrown before anything is sent; the others come from the service or the network.
 *
 * @example
 * try {
 *   await qs.putMessage("jobs", "hello");
 * } catch (error) {
 *   if (!(error instanceof AzureException)) throw error; // a bug of ours, not the queue's
 *   console.error(`${error.name}: ${error.message}`);
 * }
 */
export class AzureException extends Error {
  /** The class's name (`"AzureHttpError"`, `"ValidationError"`, ...), for logs and where `instanceof` cannot tell. */
  override name = "AzureException";
  /**
   * azqueue makes its errors for you; construct one yourself to stand in for azqueue in a test of your code.
   *
   * @param message - What went wrong, for people.
   * @param options - The `cause`, when another error led to this one.
   */
  constructor(message: string, options?: AzureExceptionOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

/**
 * What an `AzureHttpError` is made of. azqueue builds these from the service's answer; you need one only to make
 * such an error yourself, e.g. in a test double of your queue code.
 *
 * @example
 * const notFound = AzureHttpError.from({ statusCode: 404, errorCode: "QueueNotFound", operationId: "Messages_Put" });
 * notFound instanceof AzureMissingResourceHttpError; // true
 */
export interface AzureHttpErrorInit {
  /** The HTTP status of the answer. */
  readonly statusCode: number;
  /** `x-ms-error-code`, or the `<Code>` of the StorageError body. */
  readonly errorCode?: string | undefined;
  /** The service's `x-ms-request-id`. */
  readonly requestId?: string | undefined;
  /** The service's own message (the first line of `<Message>`), when it sent one. */
  readonly serviceMessage?: string | undefined;
  /** The spec's operationId of the call, e.g. `Message_Update`. */
  readonly operationId?: string | undefined;
  /** An earlier attempt of the same call got no answer and may have done the work (see `AzureHttpError`). */
  readonly earlierAttemptMayHaveSucceeded?: boolean | undefined;
}

/**
 * The service answered with an error status.
 *
 * `earlierAttemptMayHaveSucceeded` is true when the call was retried after an attempt that got no answer (a reset,
 * a timeout, a 500): that attempt may have done the work, and this error may be its consequence, e.g. a 400
 * PopReceiptMismatch to a retried update whose first attempt changed the pop receipt.
 *
 * @example
 * try {
 *   await qs.updateMessage("jobs", message.id, message.popReceipt, 60);
 * } catch (error) {
 *   // Another consumer got the message after ours became visible again: leave it to them.
 *   if (!(error instanceof AzureHttpError && error.errorCode === "PopReceiptMismatch")) throw error;
 * }
 */
export class AzureHttpError extends AzureException {
  override name = "AzureHttpError";
  /** The HTTP status, e.g. 400, 403 or 503. */
  readonly statusCode: number;
  /**
   * The service's error code, e.g. `QueueNotFound`, `PopReceiptMismatch` or `AuthenticationFailed`: branch on it,
   * not on the message, which is written for people. Typed with the codes the spec names, for completion; the
   * service may send others.
   */
  readonly errorCode: ServiceErrorCode | (string & {}) | undefined;
  /** The service's `x-ms-request-id`: quote it when you ask Azure support about the failure. */
  readonly requestId: string | undefined;
  /** The spec's operationId of the call that failed, e.g. `Message_Update`. */
  readonly operationId: string | undefined;
  /**
   * True when an earlier attempt of the same call got no answer and may have done the work; this error may be its
   * consequence rather than a refusal (see `AzureHttpError`).
   */
  readonly earlierAttemptMayHaveSucceeded: boolean;

  /**
   * An error for the answer `init` describes, with a message made from it. Prefer `AzureHttpError.from`, which
   * picks the subclass for 404 and 409 as azqueue does.
   */
  constructor(init: AzureHttpErrorInit, options?: AzureExceptionOptions) {
    super(describeHttpError(init), options);
    this.statusCode = init.statusCode;
    this.errorCode = init.errorCode;
    this.requestId = init.requestId;
    this.operationId = init.operationId;
    this.earlierAttemptMayHaveSucceeded = init.earlierAttemptMayHaveSucceeded === true;
  }

  /**
   * The subclass that fits the status: 404 and 409 have their own, as in the reference QueueService.
   *
   * @example
   * AzureHttpError.from({ statusCode: 409, errorCode: "QueueBeingDeleted" }); // an AzureConflictHttpError
   */
  static from(init: AzureHttpErrorInit, options?: AzureExceptionOptions): AzureHttpError {
    if (init.statusCode === 404) return new AzureMissingResourceHttpError(init, options);
    if (init.statusCode === 409) return new AzureConflictHttpError(init, options);
    return new AzureHttpError(init, options);
  }
}

/**
 * 404: the queue or message does not exist. `errorCode` tells which (`QueueNotFound`, `MessageNotFound`).
 *
 * @example
 * try {
 *   await qs.deleteMessage("jobs", message.id, message.popReceipt);
 * } catch (error) {
 *   // The message expired or was deleted already: what we wanted.
 *   if (!(error instanceof AzureMissingResourceHttpError && error.errorCode === "MessageNotFound")) throw error;
 * }
 */
export class AzureMissingResourceHttpError extends AzureHttpError {
  override name = "AzureMissingResourceHttpError";
}

/**
 * 409: the resource exists already (`QueueAlreadyExists`), or is being deleted (`QueueBeingDeleted`; a deleted
 * queue's name stays taken for at least 30 seconds).
 *
 * @example
 * try {
 *   await qs.createQueue("jobs", { failOnExist: true });
 * } catch (error) {
 *   if (error instanceof AzureConflictHttpError && error.errorCode === "QueueBeingDeleted") {
 *     await new Promise((resolve) => setTimeout(resolve, 30_000)); // then try again
 *   } else throw error;
 * }
 */
export class AzureConflictHttpError extends AzureHttpError {
  override name = "AzureConflictHttpError";
}

/**
 * Bad input, raised before any request is sent: a retry would fail the same way, so fix the input. `rule` names
 * what was broken; the message says how, in words.
 *
 * @example
 * const requested = "Daily Reports"; // e.g. typed by a user
 * try {
 *   await qs.createQueue(requested);
 * } catch (error) {
 *   if (!(error instanceof ValidationError && error.rule === "queue-name")) throw error;
 *   console.error(`Not a queue name: ${error.message}`);
 * }
 */
export class ValidationError extends AzureException {
  override name = "ValidationError";
  /**
   * The broken rule, stable enough to branch on: e.g. `queue-name`, `metadata-name`, `message-size`,
   * `visibility-timeout`, `num-messages`, `xml-chars`, `connection-string`.
   */
  readonly rule: string;
  /**
   * A refusal of input, as azqueue's checks make them before anything is sent.
   *
   * @param rule - The broken rule, e.g. `queue-name`.
   * @param message - What is wrong with the input and how to fix it, for people.
   * @param options - The `cause`, when another error led to this one.
   */
  constructor(rule: string, message: string, options?: AzureExceptionOptions) {
    super(message, options);
    this.rule = rule;
  }
}

/**
 * The last attempt of a call took longer than `socketTimeout` on the client. Attempts that time out are retried
 * first, so by the time you see this the service has been slow or unreachable for a while; the work may still
 * have been done.
 *
 * @example
 * const qs = new QueueService({ connectionString, socketTimeout: 5, retry: { maxTries: 2 } });
 * try {
 *   await qs.putMessage("jobs", "hello");
 * } catch (error) {
 *   if (error instanceof TimeoutError) console.warn("the queue service is slow; the message may have been put");
 *   else throw error;
 * }
 */
export class TimeoutError extends AzureException {
  override name = "TimeoutError";
}

/**
 * The caller's `AbortSignal` fired: during an attempt or a wait between retries, the call ends at once.
 *
 * @example
 * try {
 *   await qs.getMessages("jobs", { abortSignal: AbortSignal.timeout(2_000) });
 * } catch (error) {
 *   if (!(error instanceof AbortError)) throw error; // gave up after 2 s, retries included
 * }
 */
export class AbortError extends AzureException {
  override name = "AbortError";
}

/**
 * The worker's lease on a message ended before its handler finished: the message became visible again and another
 * consumer may hold it (400 PopReceiptMismatch, 404 MessageNotFound or QueueNotFound, 409 QueueBeingDeleted on a
 * renewal). It is the reason of the handler's `signal`; the worker will not delete the message, so stop working on
 * it.
 *
 * @example
 * const worker = qs.processMessages("jobs", async (message, { signal }) => {
 *   signal.addEventListener("abort", () => {
 *     if (signal.reason instanceof LeaseLostError) console.warn(`lost ${signal.reason.messageId}`);
 *   });
 * });
 */
export class LeaseLostError extends AzureException {
  override name = "LeaseLostError";
  /** The id of the message whose lease ended. */
  readonly messageId: string;
  /**
   * The worker makes these when a renewal is refused; construct one yourself only to stand in for it in a test.
   *
   * @param messageId - The message whose lease ended.
   * @param options - The `cause`: the renewal's `AzureHttpError`.
   */
  constructor(messageId: string, options?: AzureExceptionOptions) {
    super(`the lease on message ${messageId} was lost; another consumer may hold it`, options);
    this.messageId = messageId;
  }
}

/**
 * A response arrived but could not be read as the operation's response: typically a proxy or gateway answering
 * in the service's place, or a message put by another client with another format than your `decodeFunction`.
 *
 * @example
 * try {
 *   await qs.getMessages("jobs");
 * } catch (error) {
 *   if (error instanceof ResponseParseError) console.error(error.message, error.statusCode, error.requestId);
 *   throw error;
 * }
 */
export class ResponseParseError extends AzureException {
  override name = "ResponseParseError";
  /** The status of the response that could not be read; absent when a message's content could not be decoded. */
  readonly statusCode: number | undefined;
  /** The service's `x-ms-request-id`, when the response had one. */
  readonly requestId: string | undefined;
  /**
   * An answer that could not be read, as azqueue makes them when a body or a message's content does not fit.
   *
   * @param message - What could not be read, for people.
   * @param init - The status and request id of the response, when there was one.
   * @param options - The `cause`, when another error led to this one.
   */
  constructor(message: string, init?: { statusCode?: number; requestId?: string | undefined }, options?: AzureExceptionOptions) {
    super(message, options);
    this.statusCode = init?.statusCode;
    this.requestId = init?.requestId;
  }
}

/**
 * Why a message could not be decrypted:
 * - `not-encrypted`: `requireEncryption` is set and the message is plain text.
 * - `malformed-envelope`: the text starts as an envelope but is not a whole, well-formed one (truncated, a field
 *   missing or of the wrong type, base64 that is not).
 * - `unsupported-protocol`, `unsupported-algorithm`: a protocol other than 1.0 and 2.0, or an algorithm that is not
 *   the protocol's (AES_CBC_256 for 1.0, AES_GCM_256 for 2.0).
 * - `key-not-found`: no key-encryption key is set, or the resolver has none for the envelope's key id.
 * - `key-id-mismatch`: the key-encryption key's id is not the envelope's.
 * - `key-unwrap-failed`: the key-encryption key could not unwrap the content key (wrong key, tampered wrapped key,
 *   another algorithm).
 * - `content-key-invalid`: the unwrapped content key is not of the protocol's form (2.0 starts it with its version).
 * - `content-tampered`: the ciphertext, nonce, IV or tag fails to decrypt (AES-GCM's tag check, AES-CBC's padding)
 *   or decrypts to bytes that are not UTF-8 text.
 */
export type DecryptionFailure =
  | "not-encrypted"
  | "malformed-envelope"
  | "unsupported-protocol"
  | "unsupported-algorithm"
  | "key-not-found"
  | "key-id-mismatch"
  | "key-unwrap-failed"
  | "content-key-invalid"
  | "content-tampered";

/**
 * A message read with client-side encryption on could not be decrypted; `reason` says why. Its message names the
 * cause and never holds key material or content. As with any message a get could not read, the service has made it
 * invisible for the visibility timeout all the same.
 *
 * @example
 * try {
 *   await qs.getMessages("payroll");
 * } catch (error) {
 *   if (error instanceof DecryptionError && error.reason === "key-not-found") console.error("rotate in the old key:", error.message);
 *   throw error;
 * }
 */
export class DecryptionError extends AzureException {
  override name = "DecryptionError";
  /** Why decryption failed; stable enough to branch on. */
  readonly reason: DecryptionFailure;
  /**
   * azqueue makes these while decrypting; construct one yourself only to stand in for it in a test.
   *
   * @param reason - Why decryption failed.
   * @param message - The cause, for people.
   * @param options - The `cause`: the error of the key-encryption key or of WebCrypto, when there was one.
   */
  constructor(reason: DecryptionFailure, message: string, options?: AzureExceptionOptions) {
    super(message, options);
    this.reason = reason;
  }
}

/**
 * A token credential failed to supply a bearer token; `cause` holds its error (from `@azure/identity`, say), which
 * tells whether a login, a role or the network is missing.
 *
 * @example
 * try {
 *   await qs.getQueueMetadata("jobs");
 * } catch (error) {
 *   if (error instanceof TokenCredentialError) console.error("sign-in failed:", error.cause);
 *   throw error;
 * }
 */
export class TokenCredentialError extends AzureException {
  override name = "TokenCredentialError";
}

/**
 * The connection failed (refused, reset, DNS, TLS) before a whole response arrived, and retries did not help;
 * `cause` holds the platform's error unless it would repeat a secret. A request that was sent may have been
 * carried out.
 *
 * @example
 * try {
 *   await qs.putMessage("jobs", "hello");
 * } catch (error) {
 *   if (error instanceof NetworkError) console.error("cannot reach", qs.primaryEndpoint, error.cause);
 *   throw error;
 * }
 */
export class NetworkError extends AzureException {
  override name = "NetworkError";
}

// The service's message names no cause; these are the usual ones. The 15 minutes are the service's documented
// tolerance for x-ms-date.
const AUTHENTICATION_FAILED: ServiceErrorCode = "AuthenticationFailed";
const AUTHENTICATION_FAILED_HINT =
  "The account key or SAS may be wrong or expired, or this machine's clock may be off: the service refuses requests whose x-ms-date is more than 15 minutes away from its own.";

function describeHttpError(init: AzureHttpErrorInit): string {
  let message = `${init.operationId ?? "Request"} failed with status ${init.statusCode}`;
  if (init.errorCode) message += ` (${init.errorCode})`;
  const serviceMessage = init.serviceMessage === undefined ? "" : asSentence(init.serviceMessage);
  message += serviceMessage === "" ? "." : `: ${serviceMessage}`;
  if (init.statusCode === 403 && init.errorCode === AUTHENTICATION_FAILED) message += ` ${AUTHENTICATION_FAILED_HINT}`;
  if (init.requestId) message += ` Request id ${init.requestId}.`;
  if (init.earlierAttemptMayHaveSucceeded) message += " This was a retry: an earlier attempt got no answer and may have succeeded.";
  return message;
}

/** The service's message as one sentence: trailing colons and commas dropped, a full stop added when it has none. */
function asSentence(text: string): string {
  const trimmed = text.trim().replace(/[\s:;,]+$/, "");
  return trimmed === "" || /[.!?]["')\]]*$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
