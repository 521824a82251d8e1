/**
 * How azq fails: one line on stderr naming what failed, the service's error code and a hint when there is an obvious
 * one; exit 2 for what the user typed wrong, 1 for everything else. Never a stack trace, never a credential.
 */
import {
  AzureException,
  AzureHttpError,
  NetworkError,
  ResponseParseError,
  TimeoutError,
  ValidationError,
} from "../index.js";

export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A mistake in the command line itself, found by azq rather than by commander. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** A failure azq describes itself, with an optional hint for the user. */
export class CliError extends Error {
  override name = "CliError";
  constructor(
    message: string,
    readonly hint?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** What the hint of a failure may need to know about where azq was sending. */
export interface FailureContext {
  /** The endpoint requests went to, without any credential. */
  readonly endpoint?: string | undefined;
  /** No account was given, so azq fell back to the local emulator. */
  readonly emulatorFallback?: boolean;
}

export interface DescribedFailure {
  readonly line: string;
  readonly exitCode: number;
}

// Belt and braces: azqueue's errors never carry a credential, but a message built from user input (a malformed
// connection string quoted back, a URL) could; these patterns cover the account key and SAS forms.
const SECRETS: readonly RegExp[] = [
  /(AccountKey=)[^;\s]+/gi,
  /(SharedAccessSignature=)[^;\s]+/gi,
  /([?&;\s]sig=)[^&;\s]+/gi,
  /(--account-key[= ])\S+/gi,
];

export function redactSecrets(text: string): string {
  return SECRETS.reduce((redacted, pattern) => redacted.replace(pattern, "$1<redacted>"), text);
}

export function describeFailure(error: unknown, context: FailureContext = {}): DescribedFailure {
  const { message, hint, exitCode } = classify(error, context);
  const oneLine = `${message}${hint ? ` Hint: ${hint}` : ""}`.replace(/\s*\n\s*/g, " ").trim();
  return { line: `azq: ${redactSecrets(oneLine)}`, exitCode };
}

function classify(error: unknown, context: FailureContext): { message: string; hint?: string | undefined; exitCode: number } {
  if (error instanceof UsageError) return { message: error.message, exitCode: EXIT_USAGE };
  if (error instanceof CliError) return { message: error.message, hint: error.hint, exitCode: EXIT_FAILURE };
  // Refused before anything was sent: a bad queue name, option or connection string is what the user typed.
  if (error instanceof ValidationError) return { message: error.message, exitCode: EXIT_USAGE };
  if (error instanceof AzureHttpError) return { message: error.message, hint: httpHint(error), exitCode: EXIT_FAILURE };
  if (error instanceof NetworkError || error instanceof TimeoutError) {
    const where = context.endpoint ? ` at ${context.endpoint}` : "";
    const hint = context.emulatorFallback
      ? "no account was given, so azq tried the local emulator (`azq serve` starts one); otherwise pass --connection-string or set AZURE_STORAGE_CONNECTION_STRING."
      : `is the service reachable${where}?`;
    return { message: error.message, hint, exitCode: EXIT_FAILURE };
  }
  if (error instanceof ResponseParseError) {
    return { message: error.message, hint: "`--format text` shows the stored text as it is, whatever put it.", exitCode: EXIT_FAILURE };
  }
  if (error instanceof AzureException) return { message: error.message, exitCode: EXIT_FAILURE };
  if (isSystemError(error)) return { message: `${error.message}`, exitCode: EXIT_FAILURE };
  // A bug of azq's own: still one line, named so it can be reported.
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { message: `unexpected error: ${text}`, exitCode: EXIT_FAILURE };
}

function httpHint(error: AzureHttpError): string | undefined {
  switch (error.errorCode) {
    case "QueueNotFound":
      return "create it with `azq queues create NAME`, or check the name with `azq queues list`.";
    case "QueueAlreadyExists":
      return "`azq queues list` shows the queues there are.";
    case "MessageNotFound":
      return "the message was deleted, expired, or received again since (its pop receipt changed).";
    case "PopReceiptMismatch":
      return "use the pop receipt of the message's latest `azq get` or `azq update`.";
    case "AuthorizationPermissionMismatch":
    case "AuthorizationResourceTypeMismatch":
    case "AuthorizationServiceMismatch":
      return "the SAS token does not allow this operation.";
    default:
      return undefined;
  }
}

function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string" && typeof (error as NodeJS.ErrnoException).syscall === "string";
}
