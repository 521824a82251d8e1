/**
 * The stub queue service: answers the five benchmarked operations at once with canned, valid responses shaped
 * like Azurite 3.35's (same statuses, headers, XML; see the reference captures), so a client's CPU per request can
 * be measured without a real server's cost in the same process. Never checks a signature. Runs in its own process:
 * `node stub-server.js` prints `{"port":N}` once listening on 127.0.0.1, and stops on SIGTERM.
 */
import { createCipheriv, randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { ENCRYPTED_QUEUE, ENCRYPTION_KEY, ENCRYPTION_KID, LIST_PAGE_SIZE, LIST_PREFIX, MESSAGE_TEXT } from "./config.js";

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const INSERTION_TIME = "Mon, 23 Nov 2026 17:38:47 GMT";
const EXPIRATION_TIME = "Mon, 30 Nov 2026 17:38:47 GMT";
const TIME_NEXT_VISIBLE = "Mon, 23 Nov 2026 17:39:17 GMT";
const POP_RECEIPT = "MjNOb3YyMDI2MTc6Mzg6NTFiNGRl";
const MESSAGE_IDS = Array.from({ length: 32 }, () => randomUUID());

function escapeXml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

const PUT_BODY =
  `${XML_DECLARATION}<QueueMessagesList><QueueMessage><MessageId>${MESSAGE_IDS[0]}</MessageId>` +
  `<InsertionTime>${INSERTION_TIME}</InsertionTime><ExpirationTime>${EXPIRATION_TIME}</ExpirationTime>` +
  `<PopReceipt>${POP_RECEIPT}</PopReceipt><TimeNextVisible>${TIME_NEXT_VISIBLE}</TimeNextVisible></QueueMessage></QueueMessagesList>`;

/**
 * The bench message as a protocol 2.0 envelope (what the Storage SDKs write), made here with node:crypto rather
 * than by the client under test: AES-GCM under a fresh content key, that key behind "2.0" and zero bytes wrapped
 * with RFC 3394 AES key wrap (node's id-aes256-wrap, the RFC's default IV).
 */
function envelopeOf(text: string): string {
  const contentKey = randomBytes(32);
  const nonce = randomBytes(12);
  const gcm = createCipheriv("aes-256-gcm", contentKey, nonce);
  const sealed = Buffer.concat([nonce, gcm.update(text, "utf8"), gcm.final(), gcm.getAuthTag()]);
  const wrap = createCipheriv("id-aes256-wrap", Buffer.from(ENCRYPTION_KEY, "base64"), Buffer.from("A6A6A6A6A6A6A6A6", "hex"));
  const wrapped = Buffer.concat([wrap.update(Buffer.concat([Buffer.from("2.0\0\0\0\0\0", "latin1"), contentKey])), wrap.final()]);
  return JSON.stringify({
    EncryptedMessageContents: sealed.toString("base64"),
    EncryptionData: {
      WrappedContentKey: { KeyId: ENCRYPTION_KID, EncryptedKey: wrapped.toString("base64"), Algorithm: "A256KW" },
      EncryptionAgent: { Protocol: "2.0", EncryptionAlgorithm: "AES_GCM_256" },
      EncryptedRegionInfo: { DataLength: 4194304, NonceLength: 12 },
      KeyWrappingMetadata: { EncryptionLibrary: "bench stub" },
    },
  });
}
const ENVELOPE = envelopeOf(MESSAGE_TEXT);

/** Bodies of a get for 1..32 messages (plain, or envelopes for the encrypted queue), built on first use. */
const getBodies = new Map<string, string>();
function getBody(count: number, encrypted: boolean): string {
  const key = `${count}${encrypted ? "e" : ""}`;
  let body = getBodies.get(key);
  if (body === undefined) {
    body = `${XML_DECLARATION}<QueueMessagesList>`;
    for (let i = 0; i < count; i++) {
      body +=
        `<QueueMessage><MessageId>${MESSAGE_IDS[i]}</MessageId><InsertionTime>${INSERTION_TIME}</InsertionTime>` +
        `<ExpirationTime>${EXPIRATION_TIME}</ExpirationTime><PopReceipt>${POP_RECEIPT}</PopReceipt>` +
        `<TimeNextVisible>${TIME_NEXT_VISIBLE}</TimeNextVisible><DequeueCount>1</DequeueCount>` +
        `<MessageText>${escapeXml(encrypted ? ENVELOPE : MESSAGE_TEXT)}</MessageText></QueueMessage>`;
    }
    body += "</QueueMessagesList>";
    getBodies.set(key, body);
  }
  return body;
}

function listBody(accountUrl: string): string {
  let body = `${XML_DECLARATION}<EnumerationResults ServiceEndpoint="${accountUrl}"><Prefix>${LIST_PREFIX}</Prefix><Queues>`;
  for (let i = 0; i < LIST_PAGE_SIZE; i++) body += `<Queue><Name>${LIST_PREFIX}${String(i).padStart(3, "0")}</Name></Queue>`;
  return `${body}</Queues><NextMarker /></EnumerationResults>`;
}

function errorBody(code: string, message: string): string {
  return `${XML_DECLARATION}<Error><Code>${code}</Code><Message>${message}\nRequestId:${randomUUID()}\nTime:${new Date().toISOString()}</Message></Error>`;
}

interface Reply {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

function route(method: string, pathname: string, query: URLSearchParams, accountUrl: string): Reply {
  const segments = pathname.split("/").filter((segment) => segment !== "");
  // segments: [account], [account, queue], [account, queue, "messages"], [account, queue, "messages", id]
  if (segments.length === 1 && method === "GET" && query.get("comp") === "list") return { status: 200, body: listBody(accountUrl) };
  if (segments.length === 2 && method === "PUT") return { status: 201 };
  if (segments.length === 2 && method === "DELETE") return { status: 204 };
  if (segments.length === 3 && segments[2] === "messages") {
    if (method === "POST") return { status: 201, body: PUT_BODY };
    if (method === "GET") return { status: 200, body: getBody(Math.min(32, Math.max(1, Number(query.get("numofmessages") ?? 1) || 1)), segments[1] === ENCRYPTED_QUEUE) };
    if (method === "DELETE") return { status: 204 };
  }
  if (segments.length === 4 && segments[2] === "messages") {
    if (method === "DELETE") return { status: 204 };
    if (method === "PUT") return { status: 204, headers: { "x-ms-popreceipt": POP_RECEIPT, "x-ms-time-next-visible": TIME_NEXT_VISIBLE } };
  }
  return { status: 400, body: errorBody("InvalidUri", "The requested URI does not represent any resource on the server.") };
}

/** Azurite sends `date` per second; so does the stub, formatted once a second. */
let dateSecond = 0;
let dateText = "";
function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}

function respond(request: IncomingMessage, response: ServerResponse, accountUrlBase: string): void {
  const url = request.url ?? "/";
  const queryAt = url.indexOf("?");
  const pathname = queryAt < 0 ? url : url.slice(0, queryAt);
  const query = new URLSearchParams(queryAt < 0 ? "" : url.slice(queryAt + 1));
  const account = pathname.split("/")[1] ?? "";
  const reply = route(request.method ?? "GET", pathname, query, `${accountUrlBase}/${account}`);
  const headers: Record<string, string> = { Server: "Azurite-Queue/3.35.0" };
  const clientRequestId = request.headers["x-ms-client-request-id"];
  if (typeof clientRequestId === "string") headers["x-ms-client-request-id"] = clientRequestId;
  headers["x-ms-request-id"] = randomUUID();
  headers["x-ms-version"] = "2025-11-05";
  headers["date"] = httpDate();
  Object.assign(headers, reply.headers);
  // The stub's own lower-case `date` above, as Azurite sends it; not Node's.
  response.sendDate = false;
  if (reply.body !== undefined) {
    headers["content-type"] = "application/xml";
    if (reply.status >= 400) headers["x-ms-error-code"] = "InvalidUri";
    response.writeHead(reply.status, headers);
    // Written, then ended: chunked transfer encoding, as Azurite answers.
    response.write(reply.body);
    response.end();
  } else {
    // Node sends no length for a 204, as Azurite; a bodiless 201 says 0 rather than chunking nothing.
    if (reply.status !== 204) headers["content-length"] = "0";
    response.writeHead(reply.status, headers);
    response.end();
  }
}

const server = createServer({ keepAlive: true }, (request, response) => {
  request.resume();
  request.once("end", () => respond(request, response, `http://${request.headers.host ?? "127.0.0.1"}`));
});
// Node's (and so Azurite's) default: idle keep-alive sockets close after 5 s.
server.keepAliveTimeout = 5_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("stub: no TCP address");
  process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
});
process.once("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
});
