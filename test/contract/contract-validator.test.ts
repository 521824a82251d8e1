/**
 * `azqueue/contract` as users call it: specs from the package, a file or an object; host-style and path-style
 * URLs; headers and bodies in every accepted form; each rule reported at its path; credentials checked by form and
 * never repeated; assertValid.
 */
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ContractValidator, ContractViolationError, ValidationError, type ContractExchange, type ContractHeaders } from "../../src/contract.js";

const SPEC_PATH = fileURLToPath(new URL("../../spec/queue.openapi.yaml", import.meta.url));
const validator = ContractValidator.fromSpec();
const HOST = "https://acct.queue.core.windows.net";
const SIGNATURE = "c2VjcmV0LXNpZ25hdHVyZS12YWx1ZQ==";
const signed = (): Record<string, string> => ({
  "x-ms-version": "2025-11-05",
  "x-ms-date": "Fri, 04 Dec 2026 10:00:00 GMT",
  authorization: `SharedKey acct:${SIGNATURE}`,
});
const xmlHeaders = (): Record<string, string> => ({ ...signed(), "content-type": "application/xml" });
const message = (text: string) => `<QueueMessage><MessageText>${text}</MessageText></QueueMessage>`;

const request = (method: string, url: string, extra: Partial<ContractExchange["request"]> = {}): ContractExchange => ({
  request: { method, url, headers: signed(), ...extra },
});

describe("ContractValidator.fromSpec", () => {
  it("reads the shipped spec, the spec file and a parsed document alike", () => {
    const fromFile = ContractValidator.fromSpec(SPEC_PATH);
    const fromObject = ContractValidator.fromSpec(parse(readFileSync(SPEC_PATH, "utf8")) as Record<string, unknown>);
    expect(validator.operationIds).toHaveLength(16);
    expect(fromFile.operationIds).toEqual(validator.operationIds);
    expect(fromObject.operationIds).toEqual(validator.operationIds);
    const exchange = request("POST", `${HOST}/jobs/messages?visibilitytimeout=604801`, { headers: xmlHeaders(), body: message("x") });
    expect(fromFile.validate(exchange)).toEqual(validator.validate(exchange));
  });

  it("refuses a missing file and a document that is not OpenAPI with ValidationError (contract-spec)", () => {
    for (const spec of ["no/such/spec.yaml", { swagger: "2.0" }]) {
      let error: unknown;
      try {
        ContractValidator.fromSpec(spec);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).rule).toBe("contract-spec");
    }
  });
});

describe("ContractValidator URLs", () => {
  it.each([
    ["DELETE", `${HOST}/jobs/messages`, "Messages_Clear"],
    ["DELETE", `${HOST}/jobs`, "Queue_Delete"],
    ["DELETE", "http://127.0.0.1:10001/devstoreaccount1/jobs/messages", "Messages_Clear"],
    ["DELETE", "http://127.0.0.1:10001/devstoreaccount1/jobs", "Queue_Delete"],
    ["DELETE", "http://localhost:10001/devstoreaccount1/jobs", "Queue_Delete"],
    ["DELETE", "http://[::1]:10001/devstoreaccount1/jobs/messages", "Messages_Clear"],
    ["GET", "https://acct.queue.core.chinacloudapi.cn/?comp=list", "Service_ListQueues"],
    ["GET", `${HOST}?comp=list`, "Service_ListQueues"],
    ["GET", "https://acct-secondary.queue.core.windows.net/?restype=service&comp=stats", "Service_GetStatistics"],
    ["GET", "http://127.0.0.1:10001/devstoreaccount1-secondary/?restype=service&comp=stats", "Service_GetStatistics"],
    ["GET", `${HOST}/jobs/messages?peekonly=true`, "Messages_Peek"],
  ])("%s %s is %s", (method, url, operationId) => {
    expect(validator.validate(request(method, url))).toEqual({ ok: true, operationId, violations: [] });
  });

  it("a URL of no operation, a method of none, and a relative URL", () => {
    expect(validator.validate(request("GET", `${HOST}/jobs/messages/id/extra`)).violations).toEqual([
      { where: "request", path: "url", message: expect.stringContaining("matches no operation of the spec") },
    ]);
    expect(validator.validate(request("PATCH", `${HOST}/jobs`)).violations).toEqual([
      { where: "request", path: "method", message: `no operation of the spec takes PATCH at ${HOST}/jobs` },
    ]);
    expect(validator.validate(request("GET", "/jobs/messages")).violations).toEqual([{ where: "request", path: "url", message: "is not an absolute URL" }]);
  });
});

describe("ContractValidator inputs", () => {
  const url = `${HOST}/jobs/messages?visibilitytimeout=0`;
  const headerForms: [string, ContractHeaders][] = [
    ["a plain object in mixed case", { "X-MS-Version": "2025-11-05", "X-Ms-Date": "Fri, 04 Dec 2026 10:00:00 GMT", Authorization: `SharedKey acct:${SIGNATURE}`, "Content-Type": "application/xml" }],
    ["a Headers", new Headers(xmlHeaders())],
    ["[name, value] pairs", Object.entries(xmlHeaders())],
    ["a Map", new Map(Object.entries(xmlHeaders()))],
  ];
  it.each(headerForms)("takes headers as %s", (_, headers) => {
    expect(validator.validate({ request: { method: "POST", url, headers, body: message("hi") } })).toEqual({ ok: true, operationId: "Messages_Put", violations: [] });
  });

  it("takes bodies as text or bytes, with or without the byte-order mark the service sends", () => {
    const bodies = [message("héllo"), new TextEncoder().encode(message("héllo")), `\uFEFF${message("héllo")}`, new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(message("héllo"))])];
    for (const body of bodies) expect(validator.validate({ request: { method: "POST", url, headers: xmlHeaders(), body } }).violations).toEqual([]);
  });

  it("accepts x-ms-useragent, which the Azure SDKs send from browsers in place of User-Agent", () => {
    const headers = { ...xmlHeaders(), "x-ms-useragent": "azsdk-js-storagequeue/12.30.0 core-rest-pipeline/1.22.0" };
    expect(validator.validate({ request: { method: "POST", url, headers, body: message("hi") } }).violations).toEqual([]);
  });

  it("takes a URL object", () => {
    expect(validator.validate({ request: { method: "get", url: new URL(`${HOST}/jobs/messages`), headers: signed() } }).operationId).toBe("Messages_Get");
  });
});

describe("ContractValidator rules, each at its path", () => {
  const put = (change: Partial<ContractExchange["request"]>): ContractExchange => request("POST", `${HOST}/jobs/messages`, { headers: xmlHeaders(), body: message("x"), ...change });
  const violations = (exchange: ContractExchange) => validator.validate(exchange).violations;

  it("an out-of-range query value, in words a user acts on", () => {
    expect(violations(put({ url: `${HOST}/jobs/messages?visibilitytimeout=604801` }))).toEqual([
      { where: "request", path: "query.visibilitytimeout", message: "604801 is above the maximum 604800" },
    ]);
  });

  it("a query value of the wrong type, an undeclared query parameter, a repeated one", () => {
    expect(violations(put({ url: `${HOST}/jobs/messages?messagettl=forever&flavour=mint&timeout=5&timeout=6` }))).toEqual([
      { where: "request", path: "query.messagettl", message: '"forever" is not an integer' },
      { where: "request", path: "query.flavour", message: "is not a query parameter of Messages_Put" },
      { where: "request", path: "query.timeout", message: "is sent more than once" },
    ]);
  });

  it("a missing required header and an undeclared x-ms-* header", () => {
    const { "x-ms-version": _, ...headers } = xmlHeaders();
    expect(violations(put({ headers: { ...headers, "x-ms-lease-id": "1" } }))).toEqual([
      { where: "request", path: "header.x-ms-version", message: "is required but missing" },
      { where: "request", path: "header.x-ms-lease-id", message: "is not declared by the spec for Messages_Put" },
    ]);
  });

  it("a body of the wrong shape, and no body where one is required", () => {
    expect(violations(put({ body: "<QueueMessage><Text>x</Text></QueueMessage>" }))).toEqual([
      { where: "request", path: "body.QueueMessage.Text", message: "is not declared by the spec" },
      { where: "request", path: "body.QueueMessage.MessageText", message: "is required but missing" },
    ]);
    expect(violations(put({ body: undefined }))).toEqual([{ where: "request", path: "body", message: "is required but missing" }]);
  });

  it("an undeclared status, a response missing a required header, an error without its code", () => {
    const exchange = put({});
    const headers = { "x-ms-request-id": "r-1", "x-ms-version": "2025-11-05", date: "Fri, 04 Dec 2026 10:00:00 GMT" };
    expect(violations({ ...exchange, response: { status: 200, headers } })).toEqual([
      { where: "response", path: "status", message: expect.stringMatching(/^200 is not a status of Messages_Put \(the spec declares 201/) },
    ]);
    const { "x-ms-request-id": _, ...withoutId } = headers;
    const body = "<QueueMessagesList><QueueMessage><MessageId>m</MessageId><InsertionTime>Fri, 04 Dec 2026 10:00:00 GMT</InsertionTime><ExpirationTime>Fri, 11 Dec 2026 10:00:00 GMT</ExpirationTime><PopReceipt>p</PopReceipt><TimeNextVisible>Fri, 04 Dec 2026 10:00:00 GMT</TimeNextVisible></QueueMessage></QueueMessagesList>";
    expect(violations({ ...exchange, response: { status: 201, headers: { ...withoutId, "content-type": "application/xml" }, body } })).toEqual([
      { where: "response", path: "header.x-ms-request-id", message: "is required but missing" },
    ]);
    expect(violations({ ...exchange, response: { status: 404, headers } })).toContainEqual({
      where: "response",
      path: "header.x-ms-error-code",
      message: "is missing from the error response 404",
    });
  });
});

describe("ContractValidator credentials", () => {
  const url = `${HOST}/jobs/messages`;
  const everyText = (value: unknown) => JSON.stringify(value);

  it("are checked by form and never repeated in a violation", () => {
    const badKey = validator.validate(request("GET", url, { headers: { ...signed(), authorization: `SharedKey ${SIGNATURE}` } }));
    expect(badKey.violations).toEqual([{ where: "request", path: "header.authorization", message: "is not of the form `SharedKey {account}:{base64 signature}`" }]);
    const { "x-ms-date": _, ...undated } = signed();
    expect(validator.validate(request("GET", url, { headers: undated })).violations).toEqual([
      { where: "request", path: "header.x-ms-date", message: "is required with SharedKey (the signature covers it)" },
    ]);
    const sas = validator.validate(request("GET", `${url}?sp=p&sig=${encodeURIComponent(SIGNATURE)}`, { headers: { "x-ms-version": "2025-11-05" } }));
    expect(sas.violations).toEqual([
      { where: "request", path: "query.sv", message: "is required in a SAS (its signed version)" },
      { where: "request", path: "query.se", message: "is required in a SAS without a stored access policy (si)" },
    ]);
    const none = validator.validate(request("GET", url, { headers: { "x-ms-version": "2025-11-05" } }));
    expect(none.violations).toEqual([{ where: "request", path: "credentials", message: expect.stringMatching(/^carry none of the schemes Messages_Get accepts/) }]);
    for (const verdict of [badKey, sas, none]) expect(everyText(verdict)).not.toContain(SIGNATURE.slice(0, 12));
  });

  it("a valid SAS or bearer token passes; its values are not parameters of the operation", () => {
    expect(validator.validate(request("GET", `${url}?sv=2025-11-05&se=2030-01-01T00%3A00%3A00Z&sp=p&sig=${encodeURIComponent(SIGNATURE)}`, { headers: { "x-ms-version": "2025-11-05" } })).violations).toEqual([]);
    const bearer = { "x-ms-version": "2025-11-05", "x-ms-date": "Fri, 04 Dec 2026 10:00:00 GMT", authorization: "Bearer eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxIn0.c2ln" };
    expect(validator.validate(request("GET", url, { headers: bearer })).violations).toEqual([]);
  });
});

describe("ContractValidator.assertValid", () => {
  it("returns the verdict of a valid exchange and throws ContractViolationError listing every violation otherwise", () => {
    expect(validator.assertValid(request("DELETE", `${HOST}/jobs`)).operationId).toBe("Queue_Delete");
    let error: unknown;
    try {
      validator.assertValid(request("GET", `${HOST}/jobs/messages?numofmessages=33&visibilitytimeout=0`));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ContractViolationError);
    const { operationId, violations, message: text } = error as ContractViolationError;
    expect(operationId).toBe("Messages_Get");
    expect(violations.map((violation) => violation.path)).toEqual(["query.numofmessages", "query.visibilitytimeout"]);
    expect(text).toBe(
      "The Messages_Get exchange breaks the Queue REST contract in 2 places:\n" +
        "  request query.numofmessages: 33 is above the maximum 32\n" +
        "  request query.visibilitytimeout: 0 is below the minimum 1",
    );
  });
});
