import { describe, expect, it } from "vitest";
import { thenMaybe } from "../src/maybe-promise.js";

describe("thenMaybe", () => {
  it("calls the function at once with a value at hand and returns its result, no promise made", () => {
    const seen: number[] = [];
    const result = thenMaybe(2, (value) => (seen.push(value), value * 3));
    expect(seen).toEqual([2]);
    expect(result).toBe(6);
  });

  it("waits for a promise, then calls the function with what it resolves to", async () => {
    const result = thenMaybe(Promise.resolve(2), (value) => value * 3);
    expect(result).toBeInstanceOf(Promise);
    expect(await result).toBe(6);
  });

  it("throws a synchronous failure of the function, and rejects with an asynchronous one", async () => {
    const boom = () => {
      throw new Error("boom");
    };
    expect(() => thenMaybe(1, boom)).toThrow("boom");
    await expect(thenMaybe(Promise.resolve(1), boom)).rejects.toThrow("boom");
  });
});
