import { describe, expect, it } from "vitest";
import { AzureHttpError, AzureMissingResourceHttpError } from "../src/errors.js";

const QUEUE_NOT_FOUND = { statusCode: 404, errorCode: "QueueNotFound", operationId: "Messages_Put", requestId: "1234-abcd" };

describe("AzureHttpError messages", () => {
  it("read as sentences: operation, status, code, the service's message, then the request id", () => {
    const error = AzureHttpError.from({ ...QUEUE_NOT_FOUND, serviceMessage: "The specified queue does not exist." });
    expect(error).toBeInstanceOf(AzureMissingResourceHttpError);
    expect(error.message).toBe("Messages_Put failed with status 404 (QueueNotFound): The specified queue does not exist. Request id 1234-abcd.");
  });

  it.each([
    ["The specified queue does not exist.", "The specified queue does not exist."],
    ["No full stop", "No full stop."],
    ["Ends with a colon:", "Ends with a colon."],
    ["Ends with a comma, ", "Ends with a comma."],
    ["  Padded.  ", "Padded."],
    ["Really!", "Really!"],
    ["Is it?", "Is it?"],
    ["(A parenthesis.)", "(A parenthesis.)"],
    ["(A parenthesis)", "(A parenthesis)."],
  ])("a service message %j becomes %j, with no doubled punctuation", (serviceMessage, sentence) => {
    const { message } = new AzureHttpError({ ...QUEUE_NOT_FOUND, serviceMessage });
    expect(message).toBe(`Messages_Put failed with status 404 (QueueNotFound): ${sentence} Request id 1234-abcd.`);
    expect(message).not.toMatch(/[.:;,!?]\s*[.:;,]/);
  });

  it.each([
    [{ statusCode: 502, operationId: "Messages_Get", requestId: "r-1" }, "Messages_Get failed with status 502. Request id r-1."],
    [{ statusCode: 502, operationId: "Messages_Get", serviceMessage: " : " }, "Messages_Get failed with status 502."],
    [{ statusCode: 409, errorCode: "QueueBeingDeleted" }, "Request failed with status 409 (QueueBeingDeleted)."],
  ])("without a service message or request id, the message still ends in one full stop: %j", (init, expected) => {
    expect(new AzureHttpError(init).message).toBe(expected);
  });

  it("says so, in a sentence of its own, when an earlier attempt may have succeeded", () => {
    const error = new AzureHttpError({ ...QUEUE_NOT_FOUND, serviceMessage: "The specified queue does not exist.", earlierAttemptMayHaveSucceeded: true });
    expect(error.message).toBe(
      "Messages_Put failed with status 404 (QueueNotFound): The specified queue does not exist. Request id 1234-abcd. " +
        "This was a retry: an earlier attempt got no answer and may have succeeded.",
    );
  });

  it("403 AuthenticationFailed points at the key, the SAS and the clock; other 403s do not", () => {
    const refused = new AzureHttpError({ statusCode: 403, errorCode: "AuthenticationFailed", operationId: "Queue_Create", serviceMessage: "Server failed to authenticate the request." });
    expect(refused.message).toBe(
      "Queue_Create failed with status 403 (AuthenticationFailed): Server failed to authenticate the request. " +
        "The account key or SAS may be wrong or expired, or this machine's clock may be off: " +
        "the service refuses requests whose x-ms-date is more than 15 minutes away from its own.",
    );
    const forbidden = new AzureHttpError({ statusCode: 403, errorCode: "AuthorizationPermissionMismatch", operationId: "Queue_Create" });
    expect(forbidden.message).toBe("Queue_Create failed with status 403 (AuthorizationPermissionMismatch).");
  });
});
