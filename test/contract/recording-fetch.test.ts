/**
 * `recordingFetch` and `validateHar` on real traffic: plain fetch calls to Azurite with an account SAS, as code that
 * does not use azqueue would make them, recorded and checked; the same traffic as a HAR log, as a browser exports
 * it, with the entries a HAR also holds that are not Queue calls.
 */
import { afterAll, describe, expect, inject, it } from "vitest";
import { ContractValidator, ContractViolationError, type Har, type HarEntry } from "../../src/contract.js";
import { accountUrl, emulatorService } from "../facade/queue-service-harness.js";
import { uniqueQueueName } from "../harness/names.js";

const validator = ContractValidator.fromSpec();
const qs = emulatorService();
afterAll(() => qs.close());
const sas = qs.generateAccountSharedAccessSignature("sco", "rwdlacup", new Date(Date.now() + 3_600_000));
const VERSION = { "x-ms-version": "2025-11-05" };

/** The code under test: it takes the fetch it sends with. */
async function roundTrip(send: typeof fetch, base: string, queue: string): Promise<string> {
  const queueUrl = `${base}/${queue}`;
  const xml = { ...VERSION, "content-type": "application/xml" };
  await send(`${queueUrl}?${sas}`, { method: "PUT", headers: VERSION });
  await send(`${queueUrl}/messages?${sas}`, { method: "POST", headers: xml, body: "<QueueMessage><MessageText>caf\u00e9 &amp; cr\u00e8me</MessageText></QueueMessage>" });
  const received = await (await send(`${queueUrl}/messages?numofmessages=32&${sas}`, { headers: VERSION })).text();
  await send(`${queueUrl}?${sas}`, { method: "DELETE", headers: VERSION });
  return received;
}

describe("recordingFetch", () => {
  it("records and checks every exchange the code under test makes; a valid session passes assertAllValid", async () => {
    const recording = validator.recordingFetch();
    const received = await roundTrip(recording, accountUrl(), uniqueQueueName("rf"));
    expect(received).toContain("caf\u00e9 &amp; cr\u00e8me");
    expect(recording.exchanges.map((exchange) => exchange.response?.status)).toEqual([201, 201, 200, 204]);
    expect(recording.verdicts.map((verdict) => verdict.operationId)).toEqual(["Queue_Create", "Messages_Put", "Messages_Get", "Queue_Delete"]);
    expect(recording.verdicts.flatMap((verdict) => verdict.violations)).toEqual([]);
    recording.assertAllValid();
  });

  it("a call that breaks the contract is reported, and the response is still handed to the caller", async () => {
    const recording = validator.recordingFetch(fetch);
    // Sent to an Azurite whose traffic the suite's own contract check does not record: it is meant to be wrong.
    const response = await recording(`${inject("azuriteUnrecorded").accountUrl}/nosuchqueue/messages?numofmessages=40&${sas}`, { headers: VERSION });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("<Code>");
    expect(recording.verdicts[0]?.violations).toContainEqual({ where: "request", path: "query.numofmessages", message: "40 is above the maximum 32" });
    expect(() => recording.assertAllValid()).toThrow(ContractViolationError);
  });
});

describe("validateHar", () => {
  it("checks the Queue entries of a HAR log, skipping other requests and CORS preflights", async () => {
    const recording = validator.recordingFetch();
    await roundTrip(recording, accountUrl(), uniqueQueueName("rh"));
    const pairs = (headers: unknown) => {
      const list: { name: string; value: string }[] = [];
      (headers as Headers).forEach((value, name) => list.push({ name, value }));
      return list;
    };
    const queueEntries: HarEntry[] = recording.exchanges.map(({ request, response }, index) => {
      const text = response?.body ? new TextDecoder().decode(response.body as Uint8Array) : "";
      return {
        request: {
          method: request.method,
          url: String(request.url),
          // Browsers record the request line of HTTP/2 as pseudo-headers.
          headers: [{ name: ":authority", value: new URL(String(request.url)).host }, ...pairs(request.headers)],
          ...(request.body ? { postData: { mimeType: "application/xml", text: new TextDecoder().decode(request.body as Uint8Array) } } : {}),
        },
        response: {
          status: response!.status,
          headers: pairs(response!.headers),
          // The first body as base64, as browsers store binary-looking bodies; the GET's body not kept at all.
          content: index === 0 && text !== "" ? { size: text.length, text: btoa(text), encoding: "base64" } : index === 2 ? { size: text.length } : { size: text.length, text },
        },
      };
    });
    const page: HarEntry = { request: { method: "GET", url: "http://127.0.0.1:8080/app.js", headers: [] }, response: { status: 200, headers: [], content: { size: 10, text: "let x = 1;" } } };
    const preflight: HarEntry = {
      request: { method: "OPTIONS", url: queueEntries[1]!.request.url, headers: [{ name: "Access-Control-Request-Method", value: "POST" }, { name: "x-ms-version", value: "2025-11-05" }] },
      response: { status: 200, headers: [], content: { size: 0 } },
    };
    const broken: HarEntry = { ...queueEntries[0]!, request: { ...queueEntries[0]!.request, url: queueEntries[0]!.request.url.replace("?", "?timeout=-1&") } };
    const har: Har = { log: { entries: [page, ...queueEntries.slice(0, 2), preflight, ...queueEntries.slice(2), broken] } };
    const verdicts = validator.validateHar(har);
    expect(verdicts.map((verdict) => [verdict.entry, verdict.operationId, verdict.ok])).toEqual([
      [1, "Queue_Create", true],
      [2, "Messages_Put", true],
      [4, "Messages_Get", true],
      [5, "Queue_Delete", true],
      [6, "Queue_Create", false],
    ]);
    expect(verdicts.at(-1)?.violations).toEqual([{ where: "request", path: "query.timeout", message: "-1 is below the minimum 0" }]);
  });

  it("refuses what is not a HAR log", () => {
    expect(() => validator.validateHar({} as Har)).toThrow(/not a HAR log/);
  });
});
