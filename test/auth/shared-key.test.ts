import { inspect } from "node:util";
import { describe, expect, it, vi } from "vitest";
import type * as HmacModule from "#platform/hmac";
import { createSharedKeyAuthorizer, sharedKeyStringToSign } from "../../src/auth/shared-key.js";
import { ValidationError } from "../../src/errors.js";
import type { WireRequest } from "../../src/transport/types.js";

const DATE = "Fri, 26 Jun 2015 23:39:12 GMT";
const KEY = Buffer.alloc(64, 0x42).toString("base64");

// The hoisted mock wraps the real HMAC so its factory calls can be counted.
const hmacFactory = vi.hoisted(() => ({ calls: 0 }));
vi.mock("#platform/hmac", async (importOriginal) => {
  const real = await importOriginal<typeof HmacModule>();
  return {
    ...real,
    createHmacSha256: (key: Uint8Array) => {
      hmacFactory.calls++;
      return real.createHmacSha256(key);
    },
  };
});

function request(overrides: Partial<WireRequest> = {}): WireRequest {
  return { method: "GET", url: "https://myaccount.queue.core.windows.net/", headers: { "x-ms-date": DATE, "x-ms-version": "2015-02-21" }, ...overrides };
}

describe("sharedKeyStringToSign", () => {
  it("matches the reference's example (GET with comp, restype and timeout)", () => {
    const text = sharedKeyStringToSign(
      request({ url: "https://myaccount.queue.core.windows.net/mycontainer?restype=container&comp=metadata&timeout=20" }),
      "myaccount",
    );
    expect(text).toBe(
      "GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Fri, 26 Jun 2015 23:39:12 GMT\nx-ms-version:2015-02-21\n/myaccount/mycontainer\ncomp:metadata\nrestype:container\ntimeout:20",
    );
  });

  it("puts each standard header in its documented place, Content-Encoding before Content-Language", () => {
    const text = sharedKeyStringToSign(
      request({
        method: "PUT",
        headers: {
          "x-ms-date": DATE,
          "Content-Encoding": "gzip",
          "Content-Language": "en",
          "Content-MD5": "md5",
          "Content-Type": "application/xml",
          "If-Modified-Since": "ims",
          "If-Match": "im",
          "If-None-Match": "inm",
          "If-Unmodified-Since": "ius",
          Range: "bytes=0-1",
        },
        body: new TextEncoder().encode("é"),
      }),
      "myaccount",
    );
    expect(text.split("\n").slice(0, 12)).toEqual(["PUT", "gzip", "en", "2", "md5", "application/xml", "", "ims", "im", "inm", "ius", "bytes=0-1"]);
  });

  it("signs Date only when there is no x-ms-date", () => {
    const withDate = sharedKeyStringToSign(request({ headers: { Date: DATE } }), "a");
    expect(withDate.split("\n")[6]).toBe(DATE);
    const both = sharedKeyStringToSign(request({ headers: { Date: DATE, "x-ms-date": DATE } }), "a");
    expect(both.split("\n")[6]).toBe("");
  });

  it("takes Content-Length from the body's bytes, empty for no body or an empty one", () => {
    expect(sharedKeyStringToSign(request({ method: "PUT", headers: { "Content-Length": "0" } }), "a").split("\n")[3]).toBe("");
    expect(sharedKeyStringToSign(request({ method: "PUT", body: new Uint8Array(0) }), "a").split("\n")[3]).toBe("");
    expect(sharedKeyStringToSign(request({ method: "PUT", body: new Uint8Array(70_000) }), "a").split("\n")[3]).toBe("70000");
  });

  it("lower-cases x-ms-* names, trims values and keeps inner whitespace", () => {
    const text = sharedKeyStringToSign(request({ headers: { "X-MS-Date": DATE, "x-ms-meta-Key": " \t a  b \t " } }), "a");
    expect(text).toContain(`x-ms-date:${DATE}\nx-ms-meta-key:a  b\n/a/`);
  });

  it("keeps the account in a path-style path", () => {
    const text = sharedKeyStringToSign(request({ url: "http://127.0.0.1:10001/devstoreaccount1/jobs/messages?numofmessages=2" }), "devstoreaccount1");
    expect(text.endsWith("\n/devstoreaccount1/devstoreaccount1/jobs/messages\nnumofmessages:2")).toBe(true);
  });

  it("joins a repeated query parameter's sorted values with commas, keeps empty values, decodes values", () => {
    const text = sharedKeyStringToSign(request({ url: "https://a.queue.core.windows.net/?Include=metadata&include=alpha&empty=&comp=list&prefix=%C3%A9%2F" }), "a");
    expect(text.split("\n").slice(-5)).toEqual(["/a/", "comp:list", "empty:", "include:alpha,metadata", "prefix:é/"]);
  });

  it("reads the resource as the URL parser does, for plain URLs and for those it has to normalise", () => {
    // The reference: the resource built from WHATWG URL and URLSearchParams.
    const viaUrlParser = (url: string, account: string) => {
      const parsed = new URL(url);
      const values = new Map<string, string[]>();
      for (const [name, value] of parsed.searchParams) values.set(name.toLowerCase(), [...(values.get(name.toLowerCase()) ?? []), value]);
      const lines = [...values.keys()].sort().map((name) => `\n${name}:${values.get(name)!.sort().join(",")}`);
      return `/${account}${parsed.pathname || "/"}${lines.join("")}`;
    };
    const urls = [
      "http://127.0.0.1:10001/devstoreaccount1/q/messages/abc-123?popreceipt=AgAAAAMAAAAAAAAA%2BxYz%3D%3D&visibilitytimeout=0",
      "https://a.queue.core.windows.net",
      "https://a.queue.core.windows.net?comp=list",
      "https://A.Queue.Core.Windows.Net:443/q?",
      "https://a.queue.core.windows.net/q?&&comp=list&&",
      "https://a.queue.core.windows.net/q?x=a+b&y=%2B&z=%20&Name%41=1&flag",
      "https://a.queue.core.windows.net/q?x=%zz&y=%C3&z=%E2%82",
      "https://a.queue.core.windows.net/q?x=1&x=0&X=2&x=",
      "https://a.queue.core.windows.net/q/./m/../n?x='<>\"",
      "https://a.queue.core.windows.net/q/%2e/m/.%2E/n",
      "https://a.queue.core.windows.net/q w/é?x=é y#frag",
      "https://a.queue.core.windows.net/q|[]^{}`\\m?x=1",
      "http://[::1]:10001/devstoreaccount1/q?comp=metadata",
      "https://a.queue.core.windows.net/q/%41%zz/.hidden?a=b=c",
    ];
    for (const url of urls) {
      const text = sharedKeyStringToSign(request({ url }), "acct");
      expect(text.slice(text.indexOf("\n/acct"))).toBe(`\n${viaUrlParser(url, "acct")}`);
    }
    expect(() => sharedKeyStringToSign(request({ url: "http://1.2.3.999/q" }), "a")).toThrow(ValidationError);
    expect(() => sharedKeyStringToSign(request({ url: "/relative?comp=list" }), "a")).toThrow(ValidationError);
  });

  it("refuses two headers that differ only in case", () => {
    expect(() => sharedKeyStringToSign(request({ headers: { "x-ms-meta-a": "1", "X-Ms-Meta-A": "2" } }), "a")).toThrow(ValidationError);
  });
});

describe("createSharedKeyAuthorizer", () => {
  it("sets Authorization, replacing one in any case, and changes nothing else", () => {
    const original = request({ headers: { "x-ms-date": DATE, authorization: "stale" } });
    const signed = createSharedKeyAuthorizer("myaccount", KEY)(original) as WireRequest;
    expect(Object.keys(signed.headers)).toEqual(["x-ms-date", "Authorization"]);
    expect(signed.headers["Authorization"]).toMatch(/^SharedKey myaccount:[A-Za-z0-9+/]{43}=$/);
    expect(signed.url).toBe(original.url);
    expect(original.headers["authorization"]).toBe("stale");
  });

  it("signs each request afresh: another date, another signature", () => {
    const authorize = createSharedKeyAuthorizer("myaccount", KEY);
    const first = (authorize(request()) as WireRequest).headers["Authorization"];
    const second = (authorize(request({ headers: { "x-ms-date": "Fri, 26 Jun 2015 23:39:13 GMT" } })) as WireRequest).headers["Authorization"];
    expect(first).not.toBe(second);
  });

  it("prepares the HMAC once per authorizer, not per request", () => {
    const before = hmacFactory.calls;
    const authorize = createSharedKeyAuthorizer("myaccount", KEY);
    for (let i = 0; i < 5; i++) authorize(request());
    expect(hmacFactory.calls - before).toBe(1);
  });

  it("keeps the key out of util.inspect of the authorizer", () => {
    const authorize = createSharedKeyAuthorizer("myaccount", KEY);
    const rendered = inspect(authorize, { showHidden: true, depth: Infinity, getters: true });
    expect(rendered).not.toContain(KEY);
    expect(rendered).not.toContain(KEY.slice(0, 16));
    expect(rendered).not.toContain(Buffer.from(KEY, "base64").toString("hex").slice(0, 16));
  });

  it("refuses an empty account name and a key that is not base64, without quoting the key", () => {
    expect(() => createSharedKeyAuthorizer("", KEY)).toThrow(/account name/);
    for (const bad of ["", "   ", `${KEY.slice(0, -2)}`, `${KEY.slice(0, 40)}*${KEY.slice(41)}`, `${KEY} `.repeat(2)]) {
      let caught: unknown;
      try {
        createSharedKeyAuthorizer("myaccount", bad);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ValidationError);
      expect((caught as ValidationError).rule).toBe("account-key");
      for (const rendered of [(caught as Error).message, inspect(caught)]) {
        if (bad.trim() !== "") expect(rendered).not.toContain(bad.trim().slice(0, 20));
      }
    }
  });
});
