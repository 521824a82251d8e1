/**
 * The log step, last before the platform sender: one event per attempt. Events carry names, numbers and the
 * service's request id only: never the URL (its query may hold a SAS signature) nor any header value.
 */
import type { Policy, TransportLogEvent, TransportLogger } from "./types.js";

/**
 * Creates the log step: each attempt reports one `TransportLogEvent` to `logger` when it ends. A logger that throws
 * is ignored: logging must not turn a completed call into a failed one.
 *
 * @example
 * const send = compose([attemptLogPolicy((event) => console.debug(event))], sender.send);
 */
export function attemptLogPolicy(logger: TransportLogger): Policy {
  return async (request, next) => {
    const started = performance.now();
    const base = { operation: request.operationId ?? request.method, attempt: request.attempt ?? 1 };
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const response = await next(request);
      const requestId = response.headers["x-ms-request-id"];
      report(logger, { ...base, status: response.status, duration: seconds(), ...(requestId !== undefined && { requestId }) });
      return response;
    } catch (error) {
      report(logger, { ...base, duration: seconds(), error: error instanceof Error ? error.name : typeof error });
      throw error;
    }
  };
}

function report(logger: TransportLogger, event: TransportLogEvent): void {
  try {
    logger(event);
  } catch {
    // See attemptLogPolicy.
  }
}
