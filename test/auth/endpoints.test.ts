import { describe, expect, it } from "vitest";
import { resolveEndpoints } from "../../src/auth/endpoints.js";
import { ValidationError } from "../../src/errors.js";

describe("resolveEndpoints", () => {
  it("builds production endpoints from the account name", () => {
    expect(resolveEndpoints({ accountName: "myacct" })).toEqual({
      primary: "https://myacct.queue.core.windows.net",
      secondary: "https://myacct-secondary.queue.core.windows.net",
      accountName: "myacct",
      pathStyle: false,
    });
  });

  it("honours the suffix and protocol", () => {
    expect(resolveEndpoints({ accountName: "myacct", endpointSuffix: "core.usgovcloudapi.net", protocol: "http" })).toMatchObject({
      primary: "http://myacct.queue.core.usgovcloudapi.net",
      secondary: "http://myacct-secondary.queue.core.usgovcloudapi.net",
    });
  });

  it("gives the emulator endpoints, path-style", () => {
    expect(resolveEndpoints({ isEmulated: true })).toEqual({
      primary: "http://127.0.0.1:10001/devstoreaccount1",
      secondary: "http://127.0.0.1:10001/devstoreaccount1-secondary",
      accountName: "devstoreaccount1",
      pathStyle: true,
    });
    expect(resolveEndpoints({ isEmulated: true, accountName: "other1" }).primary).toBe("http://127.0.0.1:10001/other1");
  });

  it("reads an IP endpoint as path-style, taking the account from the path and deriving the secondary", () => {
    expect(resolveEndpoints({ endpoint: "http://127.0.0.1:41234/devstoreaccount1/" })).toEqual({
      primary: "http://127.0.0.1:41234/devstoreaccount1",
      secondary: "http://127.0.0.1:41234/devstoreaccount1-secondary",
      accountName: "devstoreaccount1",
      pathStyle: true,
    });
    expect(resolveEndpoints({ endpoint: "http://localhost:10001/devstoreaccount1" }).pathStyle).toBe(true);
    expect(resolveEndpoints({ endpoint: "http://[::1]:10001/devstoreaccount1" }).secondary).toBe("http://[::1]:10001/devstoreaccount1-secondary");
  });

  it("reads any host as path-style when its first segment is the given account", () => {
    expect(resolveEndpoints({ endpoint: "http://azurite:10001/devstoreaccount1", accountName: "devstoreaccount1" })).toMatchObject({
      pathStyle: true,
      secondary: "http://azurite:10001/devstoreaccount1-secondary",
    });
  });

  it("takes the account from a production host", () => {
    expect(resolveEndpoints({ endpoint: "https://myacct.queue.core.windows.net/" })).toEqual({
      primary: "https://myacct.queue.core.windows.net",
      secondary: "https://myacct-secondary.queue.core.windows.net",
      accountName: "myacct",
      pathStyle: false,
    });
  });

  it("leaves the secondary and account unknown for a custom domain", () => {
    expect(resolveEndpoints({ endpoint: "https://queues.example.com/" })).toEqual({
      primary: "https://queues.example.com",
      accountName: undefined,
      pathStyle: false,
    });
    expect(resolveEndpoints({ endpoint: "https://queues.example.com", accountName: "myacct" }).accountName).toBe("myacct");
  });

  it("lets an explicit endpoint and secondary win over derived ones", () => {
    expect(
      resolveEndpoints({
        accountName: "myacct",
        isEmulated: true,
        endpoint: "http://127.0.0.1:5000/myacct",
        secondaryEndpoint: "http://127.0.0.1:5001/myacct//",
      }),
    ).toEqual({ primary: "http://127.0.0.1:5000/myacct", secondary: "http://127.0.0.1:5001/myacct", accountName: "myacct", pathStyle: true });
  });

  it("refuses bad URLs with a ValidationError that redacts secrets", () => {
    const cases: Array<[Parameters<typeof resolveEndpoints>[0], RegExp]> = [
      [{}, /give an account name or an endpoint/],
      [{ endpoint: "not a url" }, /endpoint is not an absolute URL/],
      [{ endpoint: "ftp://host/acct" }, /must use https or http/],
      [{ endpoint: "https://user:pw@host/acct" }, /must not carry credentials/],
      [{ endpoint: "https://myacct.queue.core.windows.net/?sv=1&sig=TOPSECRET" }, /must not carry a query/],
      [{ accountName: "myacct", secondaryEndpoint: "nope" }, /secondaryEndpoint is not an absolute URL/],
      [{ accountName: "myacct", endpointSuffix: "core.windows.net/x" }, /endpoint suffix/],
    ];
    for (const [options, message] of cases) {
      let caught: unknown;
      try {
        resolveEndpoints(options);
      } catch (error) {
        caught = error;
      }
      expect(caught, JSON.stringify(options)).toBeInstanceOf(ValidationError);
      expect((caught as Error).message).toMatch(message);
      expect((caught as Error).message).not.toContain("TOPSECRET");
      expect((caught as Error).message).not.toContain(":pw@");
    }
  });
});
