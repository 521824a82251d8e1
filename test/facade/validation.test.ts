import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createQueueClient, type QueueClient } from "../../src/client.js";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME, LIMITS } from "../../src/constants.js";
import { utf8ByteLength } from "../../src/encoding/utf8.js";
import { ValidationError } from "../../src/errors.js";
import { QueueMessageFormat } from "../../src/facade/message-format.js";
import {
  assertMaxPageSize,
  assertMessageSize,
  assertMetadata,
  assertNumMessages,
  assertQueueName,
  assertServerTimeout,
  assertSignedIdentifiers,
  assertTimeToLive,
  assertVisibilityTimeout,
  assertVisibleBeforeExpiry,
  assertWholeSeconds,
} from "../../src/facade/validation.js";
import { uniqueQueueName } from "../harness/names.js";

/** The ValidationError `act` throws; fails the test when it throws nothing or something else. */
function validationError(act: () => unknown): ValidationError {
  try {
    act();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error("expected a ValidationError");
}

function expectRule(act: () => unknown, rule: string, message?: RegExp): void {
  const error = validationError(act);
  expect(error.rule).toBe(rule);
  if (message) expect(error.message).toMatch(message);
}

const SEVEN_DAYS = 7 * 24 * 60 * 60;

describe("assertQueueName", () => {
  it("accepts 3 and 63 characters, refuses 2 and 64, naming the limits", () => {
    expect(() => assertQueueName("abc")).not.toThrow();
    expect(() => assertQueueName("a".repeat(63))).not.toThrow();
    expectRule(() => assertQueueName("ab"), "queue-name", /"ab" has 2 characters.*3-63/);
    expectRule(() => assertQueueName("a".repeat(64)), "queue-name", /has 64 characters/);
  });

  it("accepts lowercase letters, digits and single inner dashes", () => {
    for (const name of ["q-1", "123", "a-b-c", "0a0", "jobs-2026-eu"]) expect(() => assertQueueName(name)).not.toThrow();
  });

  it.each([
    ["Jobs", /uppercase/],
    ["job_s", /characters other than/],
    ["jobs.eu", /characters other than/],
    ["jöbs", /characters other than/],
    ["-jobs", /starts or ends with a dash/],
    ["jobs-", /starts or ends with a dash/],
    ["jo--bs", /consecutive dashes/],
    ["", /has 0 characters/],
  ])("refuses %j", (name, message) => {
    expectRule(() => assertQueueName(name), "queue-name", message);
  });

  it("refuses values that are not strings", () => {
    expectRule(() => assertQueueName(undefined), "queue-name", /not a string/);
    expectRule(() => assertQueueName(123), "queue-name", /queueName 123 is not a string/);
  });

  it("agrees with the spec's QueueName pattern for any short string", () => {
    const spec = /^[a-z0-9]+(-[a-z0-9]+)*$/;
    const names = fc.string({ unit: fc.constantFrom("a", "z", "0", "9", "-", "A", "_"), minLength: 0, maxLength: 70 });
    fc.assert(
      fc.property(names, (name) => {
        const valid = spec.test(name) && name.length >= 3 && name.length <= 63;
        if (valid) assertQueueName(name);
        else expect(validationError(() => assertQueueName(name)).rule).toBe("queue-name");
      }),
    );
  });
});

describe("assertMetadata", () => {
  it("accepts C# identifiers in ASCII as names, and undefined or no metadata", () => {
    expect(() => assertMetadata({ a: "1", _: "2", _x9: "3", CamelCase_1: "4", Z: "5" })).not.toThrow();
    expect(() => assertMetadata(undefined)).not.toThrow();
    expect(() => assertMetadata({})).not.toThrow();
  });

  it.each(["1abc", "a-b", "a b", "a.b", "é", "naïve", "@class", "", "x-ms"])("refuses the name %j, naming it", (name) => {
    expectRule(() => assertMetadata({ [name]: "v" }), "metadata-name", new RegExp(`${JSON.stringify(name).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is not a C# identifier`));
  });

  it("refuses names that differ only in case, naming both", () => {
    expectRule(() => assertMetadata({ Color: "red", COLOR: "blue" }), "metadata-name-duplicate", /"Color" and "COLOR"/);
  });

  it("accepts every printable ASCII character in a value, and an empty value", () => {
    const printable = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i)).join("");
    expect(() => assertMetadata({ all: printable, inner: "a b", empty: "" })).not.toThrow();
  });

  it.each([
    ["leading space", " s3cret", /starts or ends with a space/],
    ["trailing space", "s3cret ", /starts or ends with a space/],
    ["a lone space", " ", /starts or ends with a space/],
    ["a tab", "s3cret\tx", /printable ASCII \(0x20-0x7E\)/],
    ["a line feed", "s3cret\nx", /printable ASCII/],
    ["DEL", "s3cret\u007F", /printable ASCII/],
    ["a non-ASCII letter", "s3cret café", /printable ASCII/],
  ])("refuses a value with %s, without quoting the value", (_what, value, message) => {
    const error = validationError(() => assertMetadata({ token: value }));
    expect(error.rule).toBe("metadata-value");
    expect(error.message).toMatch(message);
    expect(error.message).toContain('"token"');
    expect(error.message).not.toContain("s3cret");
  });

  it("refuses values that are not strings and metadata that is not an object", () => {
    expectRule(() => assertMetadata({ n: 1 }), "metadata-value", /must be a string \(got 1\)/);
    expectRule(() => assertMetadata(null), "metadata-name");
    expectRule(() => assertMetadata([["a", "b"]]), "metadata-name");
    expectRule(() => assertMetadata("a=b"), "metadata-name");
  });
});

describe("assertMessageSize", () => {
  it("accepts exactly 65536 UTF-8 bytes and refuses 65537, naming both numbers", () => {
    expect(LIMITS.messageBytesMax).toBe(65536);
    expect(() => assertMessageSize("x".repeat(65536))).not.toThrow();
    expectRule(() => assertMessageSize("x".repeat(65537)), "message-size", /65537 bytes.*at most 65536/);
  });

  it("counts UTF-8 bytes, not UTF-16 units: 2-, 3- and 4-byte characters at the boundary", () => {
    expect(() => assertMessageSize("é".repeat(32768))).not.toThrow();
    expectRule(() => assertMessageSize("é".repeat(32768) + "x"), "message-size");
    expect(() => assertMessageSize("€".repeat(21845) + "x")).not.toThrow();
    expectRule(() => assertMessageSize("€".repeat(21846)), "message-size");
    expect(() => assertMessageSize("😀".repeat(16384))).not.toThrow();
    expectRule(() => assertMessageSize("😀".repeat(16384) + "x"), "message-size");
  });

  it("refuses a non-string, which only a custom encodeFunction could produce", () => {
    expectRule(() => assertMessageSize(new Uint8Array(3)), "message-type", /encodeFunction must return a string/);
  });
});

describe("assertWholeSeconds", () => {
  it("accepts 0 and the largest safe integer", () => {
    expect(() => assertWholeSeconds("visibilityTimeout", 0)).not.toThrow();
    expect(() => assertWholeSeconds("visibilityTimeout", Number.MAX_SAFE_INTEGER)).not.toThrow();
  });

  it.each([
    [-1, /non-negative/],
    [1.5, /whole number of seconds \(got 1.5\)/],
    [0.001, /whole/],
    [Number.NaN, /got NaN/],
    [Number.POSITIVE_INFINITY, /got Infinity/],
    [2 ** 53, /whole/],
    ["30", /got a string/],
  ])("refuses %s, naming the parameter", (value, message) => {
    expectRule(() => assertWholeSeconds("visibilityTimeout", value), "whole-seconds", message);
    expect(validationError(() => assertWholeSeconds("visibilityTimeout", value)).message).toMatch(/^visibilityTimeout /);
  });
});

describe("assertVisibilityTimeout", () => {
  it("put and update (min 0): accepts 0 and 7 days, refuses -1 and 7 days + 1 s", () => {
    expect(() => assertVisibilityTimeout(0, { min: 0 })).not.toThrow();
    expect(() => assertVisibilityTimeout(SEVEN_DAYS, { min: 0 })).not.toThrow();
    expectRule(() => assertVisibilityTimeout(-1, { min: 0 }), "whole-seconds");
    expectRule(() => assertVisibilityTimeout(SEVEN_DAYS + 1, { min: 0 }), "visibility-timeout", /from 0 to 604800 seconds.*got 604801/);
  });

  it("get (min 1): accepts 1 and 7 days, refuses 0 and 7 days + 1 s", () => {
    expect(() => assertVisibilityTimeout(1, { min: 1 })).not.toThrow();
    expect(() => assertVisibilityTimeout(SEVEN_DAYS, { min: 1 })).not.toThrow();
    expectRule(() => assertVisibilityTimeout(0, { min: 1 }), "visibility-timeout", /from 1 to 604800/);
    expectRule(() => assertVisibilityTimeout(SEVEN_DAYS + 1, { min: 1 }), "visibility-timeout");
  });

  it("a fraction is refused as not whole", () => {
    expectRule(() => assertVisibilityTimeout(0.5, { min: 0 }), "whole-seconds", /^visibilityTimeout/);
  });
});

describe("assertTimeToLive", () => {
  it("accepts -1 and 1, refuses -2 and 0", () => {
    expect(() => assertTimeToLive(-1)).not.toThrow();
    expect(() => assertTimeToLive(1)).not.toThrow();
    expect(() => assertTimeToLive(SEVEN_DAYS * 52)).not.toThrow();
    expectRule(() => assertTimeToLive(-2), "time-to-live", /-1 \(never expire\) or at least 1 second \(got -2\)/);
    expectRule(() => assertTimeToLive(0), "time-to-live", /got 0/);
  });

  it("a fraction or a non-number is refused as not whole", () => {
    expectRule(() => assertTimeToLive(1.5), "whole-seconds", /^timeToLive/);
    expectRule(() => assertTimeToLive(undefined), "whole-seconds");
  });
});

describe("assertVisibleBeforeExpiry", () => {
  it("accepts visibilityTimeout one second below timeToLive, refuses it equal", () => {
    expect(() => assertVisibleBeforeExpiry(59, 60)).not.toThrow();
    expectRule(() => assertVisibleBeforeExpiry(60, 60), "visibility-within-ttl", /visibilityTimeout \(60 s\).*timeToLive \(60 s\)/);
  });

  it("has nothing to check when either is missing or the message never expires", () => {
    expect(() => assertVisibleBeforeExpiry(SEVEN_DAYS, -1)).not.toThrow();
    expect(() => assertVisibleBeforeExpiry(SEVEN_DAYS, undefined)).not.toThrow();
    expect(() => assertVisibleBeforeExpiry(undefined, 1)).not.toThrow();
  });
});

describe("assertNumMessages", () => {
  it("accepts 1 and 32, refuses 0 and 33", () => {
    expect(() => assertNumMessages(LIMITS.numMessagesMin)).not.toThrow();
    expect(() => assertNumMessages(LIMITS.numMessagesMax)).not.toThrow();
    expectRule(() => assertNumMessages(0), "num-messages", /numMessages must be a whole number from 1 to 32 \(got 0\)/);
    expectRule(() => assertNumMessages(33), "num-messages", /got 33/);
  });

  it("refuses a fraction and a non-number", () => {
    expectRule(() => assertNumMessages(1.5), "num-messages");
    expectRule(() => assertNumMessages("2"), "num-messages", /got a string/);
  });
});

describe("assertServerTimeout", () => {
  it("accepts 1 and more (the service caps it at 30 itself), refuses 0", () => {
    expect(() => assertServerTimeout(1)).not.toThrow();
    expect(() => assertServerTimeout(30)).not.toThrow();
    expect(() => assertServerTimeout(31)).not.toThrow();
    expectRule(() => assertServerTimeout(0), "server-timeout", /timeout .* at least 1 second \(got 0\)/);
  });

  it("refuses a fraction as not whole", () => {
    expectRule(() => assertServerTimeout(2.5), "whole-seconds", /^timeout /);
  });
});

describe("assertSignedIdentifiers", () => {
  const policy = { permission: "r", expiry: "2027-01-01T00:00:00Z" };
  const ids = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`id${i}`, policy]));

  it("accepts 5 policies, refuses 6, naming the limit", () => {
    expect(() => assertSignedIdentifiers(ids(LIMITS.signedIdentifiersMax))).not.toThrow();
    expectRule(() => assertSignedIdentifiers(ids(6)), "signed-identifiers-count", /holds 6 access policies; a queue has at most 5/);
  });

  it("accepts no policies (clearing them) and undefined", () => {
    expect(() => assertSignedIdentifiers({})).not.toThrow();
    expect(() => assertSignedIdentifiers(undefined)).not.toThrow();
  });

  it("accepts ids of 1 and 64 characters, refuses 0 and 65", () => {
    expect(() => assertSignedIdentifiers({ a: policy, ["i".repeat(64)]: policy })).not.toThrow();
    expectRule(() => assertSignedIdentifiers({ "": policy }), "signed-identifier-id", /has 0 characters; ids have 1 to 64/);
    expectRule(() => assertSignedIdentifiers({ ["i".repeat(65)]: policy }), "signed-identifier-id", /has 65 characters/);
  });

  it("checks each policy's permission and dates, naming the policy", () => {
    expect(() => assertSignedIdentifiers({ p: { permission: "raup", start: new Date(), expiry: "2027-01-01" } })).not.toThrow();
    expect(() => assertSignedIdentifiers({ p: {} })).not.toThrow();
    expectRule(() => assertSignedIdentifiers({ p: { permission: "rw" } }), "queue-permissions", /signedIdentifiers\["p"\]\.permission: .*"w"/);
    expectRule(() => assertSignedIdentifiers({ p: { start: "soon" } }), "date", /signedIdentifiers\["p"\]\.start/);
    expectRule(() => assertSignedIdentifiers({ p: { expiry: new Date(Number.NaN) } }), "date", /signedIdentifiers\["p"\]\.expiry/);
    expectRule(() => assertSignedIdentifiers({ p: null }), "access-policy", /"p" must be an object/);
    expectRule(() => assertSignedIdentifiers([policy]), "access-policy");
  });
});

describe("assertMaxPageSize", () => {
  it("accepts 1 and 5000, refuses 0 and 5001", () => {
    expect(() => assertMaxPageSize(1)).not.toThrow();
    expect(() => assertMaxPageSize(LIMITS.maxResultsMax)).not.toThrow();
    expectRule(() => assertMaxPageSize(0), "max-page-size", /maxPageSize must be a whole number from 1 to 5000 \(got 0\)/);
    expectRule(() => assertMaxPageSize(5001), "max-page-size");
    expectRule(() => assertMaxPageSize(10.5), "max-page-size");
  });
});

describe("validation against Azurite", () => {
  let client: QueueClient;
  let unrecorded: QueueClient;
  const options = { accountName: EMULATOR_ACCOUNT_NAME, accountKey: EMULATOR_ACCOUNT_KEY };
  beforeAll(() => {
    client = createQueueClient({ endpoint: inject("azurite").accountUrl, ...options });
    // For requests the spec does not allow: the contract check would flag them on the recorded endpoint.
    unrecorded = createQueueClient({ endpoint: inject("azuriteUnrecorded").accountUrl, ...options });
  });
  afterAll(async () => {
    await client.close();
    await unrecorded.close();
  });

  async function newQueue(): Promise<string> {
    const queue = uniqueQueueName("val");
    expect((await client.PUT("/{queue}", { params: { path: { queue } } })).response.status).toBe(201);
    return queue;
  }

  it("queue names: the service accepts what assertQueueName accepts and refuses what it refuses", async () => {
    const suffix = uniqueQueueName("").slice(1);
    const names = [`v${suffix}`, `a-${suffix}`, `V${suffix}`, `v_${suffix}`, `v--${suffix}`, `${suffix}-`, "ab", `${"a".repeat(64 - suffix.length)}${suffix}`];
    for (const queue of names) {
      const local = (() => {
        try {
          assertQueueName(queue);
          return "valid";
        } catch {
          return "invalid";
        }
      })();
      const { response } = await unrecorded.PUT("/{queue}", { params: { path: { queue } } });
      expect({ queue, service: response.status === 201 ? "valid" : "invalid" }).toEqual({ queue, service: local });
    }
  });

  it("metadata that passes assertMetadata, an empty value and every printable character included, reads back as set", async () => {
    const queue = await newQueue();
    const printable = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i)).join("");
    const metadata = { empty: "", printable, inner: "a  b", _under_score9: "x" };
    assertMetadata(metadata);
    const header = Object.fromEntries(Object.entries(metadata).map(([name, value]) => [`x-ms-meta-${name}`, value]));
    const set = await client.PUT("/{queue}?comp=metadata", { params: { path: { queue }, header } });
    expect(set.response.status).toBe(204);
    const got = await client.GET("/{queue}?comp=metadata", { params: { path: { queue } } });
    for (const [name, value] of Object.entries(metadata)) expect(got.response.headers.get(`x-ms-meta-${name}`)).toBe(value);
  });

  // Multi-byte characters sit at the start of the text: Azurite 3.35 decodes each read chunk of a request body on
  // its own (generated/utils/serializer.js readRequestIntoText), so a character straddling the 64 KiB read
  // boundary turns into U+FFFD replacement characters, which then count 3 bytes each.
  const multiByte = "😀".repeat(100) + "€".repeat(100) + "é".repeat(100);

  it("a message of exactly 64 KiB of UTF-8 after encoding is accepted, with 1-, 2-, 3- and 4-byte characters", async () => {
    const queue = await newQueue();
    const contents = [
      QueueMessageFormat.noEncode("x".repeat(65536)),
      // textXmlEncode writes "&" as "&amp;": 13107 of them are 65535 bytes stored.
      QueueMessageFormat.textXmlEncode("&".repeat(13107) + "x"),
      QueueMessageFormat.noEncode(multiByte + "x".repeat(65536 - utf8ByteLength(multiByte))),
    ];
    for (const text of contents) {
      expect(utf8ByteLength(text)).toBe(65536);
      assertMessageSize(text);
      const put = await client.POST("/{queue}/messages", { params: { path: { queue } }, body: { MessageText: text } });
      expect(put.response.status).toBe(201);
    }
    const peeked = await client.GET("/{queue}/messages?peekonly=true", { params: { path: { queue }, query: { numofmessages: 32 } } });
    expect(peeked.data?.map((message) => message.MessageText)).toEqual(contents);
    expect(QueueMessageFormat.textXmlDecode(peeked.data?.[1]?.MessageText ?? "")).toBe("&".repeat(13107) + "x");
  });

  it("a base64 message whose encoded text is exactly 64 KiB is accepted: 49152 bytes of content", async () => {
    const queue = await newQueue();
    const content = new Uint8Array(49152).map((_, i) => i % 251);
    const text = QueueMessageFormat.binaryBase64Encode(content);
    expect(text.length).toBe(65536);
    assertMessageSize(text);
    expect((await client.POST("/{queue}/messages", { params: { path: { queue } }, body: { MessageText: text } })).response.status).toBe(201);
    const peeked = await client.GET("/{queue}/messages?peekonly=true", { params: { path: { queue } } });
    expect(QueueMessageFormat.binaryBase64Decode(peeked.data?.[0]?.MessageText ?? "")).toEqual(content);
    expectRule(() => assertMessageSize(QueueMessageFormat.binaryBase64Encode(new Uint8Array(49153))), "message-size");
  });

  it("one byte more is refused by assertMessageSize, and the service answers 413 RequestBodyTooLarge", async () => {
    const queue = await newQueue();
    const over = [
      "x".repeat(65537),
      QueueMessageFormat.textXmlEncode("&".repeat(13107) + "xy"),
      multiByte + "x".repeat(65537 - utf8ByteLength(multiByte)),
    ];
    for (const text of over) {
      expect(utf8ByteLength(text)).toBe(65537);
      expectRule(() => assertMessageSize(text), "message-size", /65537 bytes/);
      const put = await client.POST("/{queue}/messages", { params: { path: { queue } }, body: { MessageText: text } });
      expect(put.response.status).toBe(413);
      expect(put.response.headers.get("x-ms-error-code")).toBe("RequestBodyTooLarge");
    }
  });

  it("visibilityTimeout equal to timeToLive, refused by assertVisibleBeforeExpiry, is refused by the service too", async () => {
    const queue = uniqueQueueName("val");
    expect((await unrecorded.PUT("/{queue}", { params: { path: { queue } } })).response.status).toBe(201);
    expectRule(() => assertVisibleBeforeExpiry(60, 60), "visibility-within-ttl");
    const refused = await unrecorded.POST("/{queue}/messages", {
      params: { path: { queue }, query: { visibilitytimeout: 60, messagettl: 60 } },
      body: { MessageText: "x" },
    });
    expect(refused.response.status).toBe(400);
    const accepted = await unrecorded.POST("/{queue}/messages", {
      params: { path: { queue }, query: { visibilitytimeout: 59, messagettl: 60 } },
      body: { MessageText: "x" },
    });
    expect(accepted.response.status).toBe(201);
  });
});
