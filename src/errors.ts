/**
 * Every error azqueue throws, in one module. All extend `AzureException`, so one `instanceof` catches them.
 * None ever carries an account key, a SAS signature or a bearer token: messages are built from names, statuses and
 * service error codes only, and URLs are redacted before they are mentioned.
 */

export interface AzureExceptionOptions {
  readonly cause?: unknown;
}

/** The root of azqueue's errors. */
export class AzureException extends Error {
  override name = "AzureException";
  constructor(message: string, options?: AzureExceptionOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

export interface AzureHttpErrorInit {
  readonly statusCode: number;
  /** `x-ms-error-code`, or the `<Code>` of the StorageError body. */
  readonly errorCode?: string | undefined;
  readonly requestId?: string | undefined;
  /** The service's own message (the first line of `<Message>`), when it sent one. */
  readonly serviceMessage?: string | undefined;
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
 * try { await qs.deleteMessage("jobs", id, popReceipt); }
 * catch (e) { if (e instanceof AzureHttpError && e.errorCode === "PopReceiptMismatch") { ... } }
 */
export class AzureHttpError extends AzureException {
  override name = "AzureHttpError";
  readonly statusCode: number;
  readonly errorCode: string | undefined;
  readonly requestId: string | undefined;
  readonly operationId: string | undefined;
  readonly earlierAttemptMayHaveSucceeded: boolean;

  constructor(init: AzureHttpErrorInit, options?: AzureExceptionOptions) {
    super(describeHttpError(init), options);
    this.statusCode = init.statusCode;
    this.errorCode = init.errorCode;
    this.requestId = init.requestId;
    this.operationId = init.operationId;
    this.earlierAttemptMayHaveSucceeded = init.earlierAttemptMayHaveSucceeded === true;
  }

  /** The subclass that fits the status: 404 and 409 have their own, as in the reference QueueService. */
  static from(init: AzureHttpErrorInit, options?: AzureExceptionOptions): AzureHttpError {
    if (init.statusCode === 404) return new AzureMissingResourceHttpError(init, options);
    if (init.statusCode === 409) return new AzureConflictHttpError(init, options);
    return new AzureHttpError(init, options);
  }
}

/** 404: the queue or message does not exist. */
export class AzureMissingResourceHttpError extends AzureHttpError {
  override name = "AzureMissingResourceHttpError";
}

/** 409: the resource exists already, or is being deleted. */
export class AzureConflictHttpError extends AzureHttpError {
  override name = "AzureConflictHttpError";
}

/** Bad input, raised before any request is sent. `rule` names what was broken. */
export class ValidationError extends AzureException {
  override name = "ValidationError";
  readonly rule: string;
  constructor(rule: string, message: string, options?: AzureExceptionOptions) {
    super(message, options);
    this.rule = rule;
  }
}

/** An attempt or the whole call took longer than its bound on the client. */
export class TimeoutError extends AzureException {
  override name = "TimeoutError";
}

/** The caller's `AbortSignal` fired. */
export class AbortError extends AzureException {
  override name = "AbortError";
}

/** A response arrived but its body could not be read as the operation's response. */
export class ResponseParseError extends AzureException {
  override name = "ResponseParseError";
  readonly statusCode: number | undefined;
  readonly requestId: string | undefined;
  constructor(message: string, init?: { statusCode?: number; requestId?: string | undefined }, options?: AzureExceptionOptions) {
    super(message, options);
    this.statusCode = init?.statusCode;
    this.requestId = init?.requestId;
  }
}

/** A token credential failed to supply a bearer token; `cause` holds its error. */
export class TokenCredentialError extends AzureException {
  override name = "TokenCredentialError";
}

/** The connection failed (refused, reset, TLS) before a response arrived. */
export class NetworkError extends AzureException {
  override name = "NetworkError";
}

function describeHttpError(init: AzureHttpErrorInit): string {
  const parts = [`${init.operationId ?? "request"} failed with status ${init.statusCode}`];
  if (init.errorCode) parts[0] += ` (${init.errorCode})`;
  if (init.serviceMessage) parts.push(init.serviceMessage);
  if (init.requestId) parts.push(`request id ${init.requestId}`);
  const message = parts.join(": ");
  return init.earlierAttemptMayHaveSucceeded
    ? `${message} (after a retry: an earlier attempt got no answer and may have succeeded)`
    : message;
}
