/**
 * Reads a wire capture (`### REQUEST` request line, headers, blank line, body; `### RESPONSE` status line, headers,
 * blank line, body) into the shape the recording proxy records, secrets redacted the same way, so the validator
 * can be tested on known traffic.
 */
import { readFileSync } from "node:fs";
import {
  encodeRecordedBody,
  redactHeaders,
  redactTarget,
  type RecordedExchange,
  type RecordedHeaders,
} from "../harness/recording-proxy.js";

interface Message {
  readonly startLine: string;
  readonly headers: RecordedHeaders;
  readonly body: string;
}

function parseMessage(text: string): Message {
  const lines = text.replace(/^\n+/, "").split("\n");
  const blank = lines.indexOf("");
  const head = blank < 0 ? lines : lines.slice(0, blank);
  const headers = head.slice(1).map((line) => {
    const colon = line.indexOf(":");
    return [line.slice(0, colon), line.slice(colon + 1).trim()] as const;
  });
  const body = blank < 0 ? "" : lines.slice(blank + 1).join("\n").replace(/\n+$/, "");
  return { startLine: head[0] ?? "", headers, body };
}

export function parseHttpCapture(text: string, seq = 1): RecordedExchange {
  const match = /^### REQUEST\n([\s\S]*?)\n### RESPONSE\n([\s\S]*)$/.exec(text.replaceAll("\r\n", "\n"));
  if (!match) throw new Error("not a capture: expected ### REQUEST and ### RESPONSE sections");
  const request = parseMessage(match[1]!);
  const response = parseMessage(match[2]!);
  const [method = "", target = ""] = request.startLine.split(" ");
  const status = /^HTTP\/1\.1 (\d{3}) ?(.*)$/.exec(response.startLine);
  if (!status) throw new Error(`bad status line: ${response.startLine}`);
  const requestBody = encodeRecordedBody(Buffer.from(request.body, "utf8"));
  const responseBody = encodeRecordedBody(Buffer.from(response.body, "utf8"));
  return {
    seq,
    request: { method, target: redactTarget(target), headers: redactHeaders(request.headers), ...(requestBody ? { body: requestBody } : {}) },
    response: {
      status: Number(status[1]),
      statusMessage: status[2] ?? "",
      headers: response.headers,
      ...(responseBody ? { body: responseBody } : {}),
    },
  };
}

export function readHttpCapture(path: string, seq = 1): RecordedExchange {
  return parseHttpCapture(readFileSync(path, "utf8"), seq);
}
