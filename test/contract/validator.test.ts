/**
 * The contract validator on known traffic: wire captures of the official SDK against Azurite 3.35 (in captures/,
 * with x-ms-version set to the pinned 2025-11-05 the strict Azurite accepts) pass, and each kind of contract breach,
 * made by changing one thing in a valid capture, is reported.
 */
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ContractValidator } from "../../src/contract.js";
import type { RecordedExchange, RecordedHeaders } from "../harness/recording-proxy.js";
import { readHttpCapture } from "./http-capture.js";
import { contractExchange, describeViolation, validateRecorded } from "./recorded-exchange.js";

const validator = ContractValidator.fromSpec();
const capturesDir = fileURLToPath(new URL("captures/", import.meta.url));
const capture = (name: string) => readHttpCapture(`${capturesDir}${name}.http`);
/** Each violation as "{where} {path}: {message}". */
const messages = (exchange: RecordedExchange) => validator.validate(contractExchange(exchange)).violations.map(describeViolation);

type Headers = RecordedHeaders;
const withoutHeader = (headers: Headers, name: string): Headers => headers.filter(([n]) => n.toLowerCase() !== name);
const withHeader = (headers: Headers, name: string, value: string): Headers => [...withoutHeader(headers, name.toLowerCase()), [name, value]];

function changeRequest(exchange: RecordedExchange, change: Partial<RecordedExchange["request"]>): RecordedExchange {
  return { ...exchange, request: { ...exchange.request, ...change } };
}

function changeResponse(exchange: RecordedExchange, change: Partial<NonNullable<RecordedExchange["response"]>>): RecordedExchange {
  return { ...exchange, response: { ...exchange.response!, ...change } };
}

const xml = (text: string) => ({ encoding: "utf8" as const, data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${text}` });

const VALID_CAPTURES: Record<string, string> = {
  "01-createQueue": "Queue_Create",
  "02-createQueue-again-same-metadata": "Queue_Create",
  "03-createQueue-again-different-metadata": "Queue_Create",
  "05-exists-false-404": "Queue_GetMetadata",
  "07-setMetadata": "Queue_SetMetadata",
  "08-getProperties": "Queue_GetMetadata",
  "10-listQueues-page1": "Service_ListQueues",
  "12-setAccessPolicy": "Queue_SetAccessPolicy",
  "13-getAccessPolicy": "Queue_GetAccessPolicy",
  "14-getServiceProperties-default": "Service_GetProperties",
  "15-setServiceProperties": "Service_SetProperties",
  "19-getServiceStats-secondary": "Service_GetStatistics",
  "20-sendMessage-vis5-ttl-1": "Messages_Put",
  "22-receiveMessages-32": "Messages_Get",
  "23-peekMessages-32": "Messages_Peek",
  "25-updateMessage-with-content": "Message_Update",
  "26-updateMessage-without-content": "Message_Update",
  "27-deleteMessage-stale-popReceipt": "Message_Delete",
  "28-deleteMessage-ok": "Message_Delete",
  "29-clearMessages": "Messages_Clear",
  "50-accountSAS-listQueues": "Service_ListQueues",
  "60-deleteQueue": "Queue_Delete",
};

describe("contract validator: valid traffic", () => {
  it("reads all 16 operations from the spec", () => {
    expect(new Set(validator.operationIds)).toEqual(
      new Set([
        "Service_ListQueues", "Service_GetProperties", "Service_SetProperties", "Service_GetStatistics",
        "Queue_Create", "Queue_Delete", "Queue_GetMetadata", "Queue_SetMetadata", "Queue_GetAccessPolicy",
        "Queue_SetAccessPolicy", "Messages_Put", "Messages_Get", "Messages_Peek", "Messages_Clear",
        "Message_Update", "Message_Delete",
      ]),
    );
  });

  it("has a valid capture for every operation", () => {
    expect(new Set(Object.values(VALID_CAPTURES))).toEqual(new Set(validator.operationIds));
  });

  it.each(Object.entries(VALID_CAPTURES))("accepts %s as %s, request and response", (name, operationId) => {
    const verdict = validateRecorded(validator, capture(name));
    expect(verdict.violations).toEqual([]);
    expect(verdict).toMatchObject({ operationId, requestValidated: true, responseValidated: true });
  });

  it("every capture in captures/ is either listed as valid or shown invalid below", () => {
    const known = new Set([...Object.keys(VALID_CAPTURES), "11c-listQueues-maxresults-0", "18-getServiceStats-primary", "42-anonymous-no-auth"]);
    expect(readdirSync(capturesDir).map((file) => file.replace(/\.http$/, "")).filter((name) => !known.has(name))).toEqual([]);
  });

  it("accepts metadata names that are JavaScript property names, in headers and in XML", () => {
    const list = capture("10-listQueues-page1");
    const body = xml(
      '<EnumerationResults ServiceEndpoint="http://127.0.0.1:42501/devstoreaccount1"><Queues><Queue><Name>pg-0</Name>' +
        "<Metadata><constructor>a</constructor><__proto__>b</__proto__><toString/></Metadata></Queue></Queues><NextMarker/></EnumerationResults>",
    );
    expect(messages(changeResponse(list, { body }))).toEqual([]);
    const create = capture("01-createQueue");
    expect(messages(changeRequest(create, { headers: withHeader(create.request.headers, "x-ms-meta-constructor", "x") }))).toEqual([]);
  });
});

describe("contract validator: rejected traffic", () => {
  it("a missing required query parameter: popreceipt on Update Message", () => {
    const update = capture("25-updateMessage-with-content");
    const target = update.request.target.replace(/popreceipt=[^&]*&/, "");
    expect(messages(changeRequest(update, { target }))).toEqual(["request query.popreceipt: is required but missing"]);
  });

  it("an out-of-range numofmessages", () => {
    const get = capture("22-receiveMessages-32");
    const target = get.request.target.replace("numofmessages=32", "numofmessages=33");
    expect(messages(changeRequest(get, { target }))).toEqual(["request query.numofmessages: 33 is above the maximum 32"]);
  });

  it("a query value of the wrong type, and a discriminator with another value", () => {
    const peek = capture("23-peekMessages-32");
    expect(messages(changeRequest(peek, { target: peek.request.target.replace("numofmessages=32", "numofmessages=many") }))).toEqual([
      'request query.numofmessages: "many" is not an integer',
    ]);
    // peekonly=false is not Peek's discriminator, so this is Get Messages, which has no peekonly parameter.
    const verdict = validator.validate(contractExchange(changeRequest(peek, { target: peek.request.target.replace("peekonly=true", "peekonly=false") })));
    expect(verdict.operationId).toBe("Messages_Get");
    expect(verdict.violations).toContainEqual({ where: "request", path: "query.peekonly", message: "is not a query parameter of Messages_Get" });
  });

  it("an unknown query parameter, a repeated one, and a raw +", () => {
    const clear = capture("29-clearMessages");
    expect(messages(changeRequest(clear, { target: `${clear.request.target}&foo=bar` }))).toEqual(["request query.foo: is not a query parameter of Messages_Clear"]);
    expect(messages(changeRequest(clear, { target: `${clear.request.target}&timeout=30` }))).toEqual(["request query.timeout: is sent more than once"]);
    const del = capture("28-deleteMessage-ok");
    const target = del.request.target.replace(/popreceipt=[^&]*/, "popreceipt=ab+cd");
    expect(messages(changeRequest(del, { target }))).toEqual(['request query.popreceipt: has a raw "+", which servers read as a space (send %2B)']);
  });

  it("SAS parameters without a signature", () => {
    const sas = capture("50-accountSAS-listQueues");
    const target = sas.request.target.replace(/&sig=[^&]*/, "");
    expect(messages(changeRequest(sas, { target }))).toEqual(
      expect.arrayContaining([
        "request query.sv: is not a query parameter of Service_ListQueues",
        "request query.se: is not a query parameter of Service_ListQueues",
        expect.stringMatching(/^request credentials: carry none of the schemes Service_ListQueues accepts/),
      ]),
    );
  });

  it("a request body with a wrong root element", () => {
    const put = capture("20-sendMessage-vis5-ttl-1");
    const body = xml("<Message><MessageText>hi</MessageText></Message>");
    expect(messages(changeRequest(put, { body }))).toEqual(["request body: has the root element <Message>; the spec expects <QueueMessage>"]);
  });

  it("request bodies that break the schema, or are not XML, or are not declared", () => {
    const put = capture("20-sendMessage-vis5-ttl-1");
    expect(messages(changeRequest(put, { body: xml("<QueueMessage><Text>hi</Text></QueueMessage>") }))).toEqual([
      "request body.QueueMessage.Text: is not declared by the spec",
      "request body.QueueMessage.MessageText: is required but missing",
    ]);
    expect(messages(changeRequest(put, { body: xml("<QueueMessage><MessageText>hi</QueueMessage>") }))[0]).toMatch(/^request body: is not well-formed XML/);
    expect(messages(changeRequest(put, { body: undefined }))).toEqual(["request body: is required but missing"]);
    expect(messages(changeRequest(put, { headers: withHeader(put.request.headers, "Content-Type", "text/plain") }))).toEqual([
      "request header.content-type: is text/plain; the spec declares application/xml",
    ]);
    const create = capture("01-createQueue");
    expect(messages(changeRequest(create, { body: xml("<QueueMessage/>") }))).toEqual(["request body: is not allowed: Queue_Create takes no body"]);
  });

  it("missing or invalid request headers", () => {
    const create = capture("01-createQueue");
    expect(messages(changeRequest(create, { headers: withoutHeader(create.request.headers, "x-ms-version") }))).toEqual(["request header.x-ms-version: is required but missing"]);
    expect(messages(changeRequest(create, { headers: withHeader(create.request.headers, "x-ms-version", "latest") }))).toEqual([
      expect.stringMatching(/^request header\.x-ms-version: "latest" does not match the pattern/),
    ]);
    expect(messages(changeRequest(create, { headers: withHeader(create.request.headers, "x-ms-date", "yesterday") }))[0]).toMatch(/^request header\.x-ms-date: "yesterday" does not match the pattern/);
    expect(messages(changeRequest(create, { headers: withHeader(create.request.headers, "x-ms-popreceipt", "x") }))).toEqual(["request header.x-ms-popreceipt: is not declared by the spec for Queue_Create"]);
  });

  it("a queue name that breaks the name rules", () => {
    const create = capture("01-createQueue");
    expect(messages(changeRequest(create, { target: create.request.target.replace("q-main", "Q-Main") }))[0]).toMatch(/^request path\.queue: "Q-Main" does not match the pattern/);
  });

  it("a request without credentials", () => {
    expect(messages(capture("42-anonymous-no-auth"))).toEqual([expect.stringMatching(/^request credentials: carry none of the schemes Messages_Peek accepts/)]);
  });

  it("a request that matches no operation", () => {
    expect(messages(capture("18-getServiceStats-primary"))).toEqual([
      expect.stringContaining("matches no operation of the spec (Service_GetStatistics fits, but is served only at"),
    ]);
    const create = capture("01-createQueue");
    expect(messages(changeRequest(create, { method: "PATCH" }))).toEqual(["request method: no operation of the spec takes PATCH at http://127.0.0.1:42501/devstoreaccount1/q-main"]);
    expect(messages(changeRequest(create, { target: "/otheraccount/q-main/x/y" }))).toEqual([expect.stringContaining("matches no operation")]);
  });

  it("a response missing x-ms-request-id", () => {
    const create = capture("01-createQueue");
    expect(messages(changeResponse(create, { headers: withoutHeader(create.response!.headers, "x-ms-request-id") }))).toEqual([
      "response header.x-ms-request-id: is required but missing",
    ]);
  });

  it("an undeclared status", () => {
    const create = capture("01-createQueue");
    expect(messages(changeResponse(create, { status: 200 }))).toEqual(["response status: 200 is not a status of Queue_Create (the spec declares 201, 204, 409, 4XX, 5XX)"]);
  });

  it("an error without x-ms-error-code or without its StorageError body (Azurite's bare 400)", () => {
    expect(messages(capture("11c-listQueues-maxresults-0"))).toEqual([
      "request query.maxresults: 0 is below the minimum 1",
      "response header.x-ms-error-code: is missing from the error response 400",
      "response body: is missing; the spec declares application/xml for 400",
    ]);
    const notFound = capture("05-exists-false-404");
    expect(messages(changeResponse(notFound, { body: xml("<Error><Message>gone</Message></Error>") }))).toEqual([
      "response body.Error.Code: is required but missing",
    ]);
  });

  it("response bodies and headers that break the schema", () => {
    const get = capture("22-receiveMessages-32");
    const body = { ...get.response!.body!, data: get.response!.body!.data.replace("<DequeueCount>1</DequeueCount>", "<DequeueCount>one</DequeueCount>") };
    expect(messages(changeResponse(get, { body }))).toEqual(['response body.QueueMessagesList[0].DequeueCount: "one" is not an integer']);
    const props = capture("14-getServiceProperties-default");
    const extra = { ...props.response!.body!, data: props.response!.body!.data.replace("<Cors/>", "<Cors/><Cors/>") };
    expect(messages(changeResponse(props, { body: extra }))).toEqual(["response body.StorageServiceProperties: <Cors> appears 2 times"]);
    const metadata = capture("08-getProperties");
    expect(messages(changeResponse(metadata, { headers: withHeader(metadata.response!.headers, "x-ms-approximate-messages-count", "-1") }))).toEqual([
      "response header.x-ms-approximate-messages-count: -1 is below the minimum 0",
    ]);
    expect(messages(changeResponse(metadata, { headers: withHeader(metadata.response!.headers, "x-ms-secret-header", "1") }))).toEqual([
      "response header.x-ms-secret-header: is not declared by the spec for Queue_GetMetadata",
    ]);
    expect(messages(changeResponse(metadata, { body: xml("<Unexpected/>") }))).toEqual(["response body: is not allowed: the spec declares no body for 200"]);
  });
});
