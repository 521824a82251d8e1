import { describe, expect, inject, it } from "vitest";
import { request } from "undici";

describe("test harness", () => {
  it("serves a strict Azurite on loopback that refuses an unsupported x-ms-version", async () => {
    // Not through the recording proxy: this request breaks the contract on purpose.
    const { origin } = inject("azuriteUnrecorded");
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await request(`${origin}/devstoreaccount1?comp=list`, { headers: { "x-ms-version": "2099-01-01" } });
    await response.body.dump();
    expect(response.statusCode).toBe(400);
    expect(response.headers["x-ms-error-code"]).toBe("InvalidHeaderValue");
  });
});
