import { describe, expect, it } from "vitest";
import { lazyModule } from "../src/lazy-module.js";

describe("lazyModule", () => {
  it("imports once and shares the module with every later call", async () => {
    let imports = 0;
    const load = lazyModule(async () => ({ n: ++imports }));
    const [a, b] = await Promise.all([load(), load()]);
    expect(a).toBe(b);
    expect(await load()).toBe(a);
    expect(imports).toBe(1);
  });

  it("does not remember a failed import: the next call tries again", async () => {
    let attempts = 0;
    const load = lazyModule(async () => {
      if (++attempts === 1) throw new Error("chunk could not be fetched");
      return { ok: true };
    });
    await expect(load()).rejects.toThrow("chunk could not be fetched");
    expect(await load()).toEqual({ ok: true });
    expect(attempts).toBe(2);
  });
});
