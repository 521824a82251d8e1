import { describe, expect, it } from "vitest";
import { compareCanonicalHeaderNames } from "../../src/auth/canonical-header-order.js";

// The official library's order for these names (its SharedKeyComparator), which the differential tests also check
// on generated names; a code-point sort would give a different answer for every group below.
describe("compareCanonicalHeaderNames", () => {
  it("puts punctuation before digits and digits before letters", () => {
    expect(["x-ms-meta-ab", "x-ms-meta-a0", "x-ms-meta-a_b", "x-ms-meta-_a"].sort(compareCanonicalHeaderNames)).toEqual([
      "x-ms-meta-_a",
      "x-ms-meta-a_b",
      "x-ms-meta-a0",
      "x-ms-meta-ab",
    ]);
  });

  it("skips '-' and \"'\" at first, then sorts a name without one first at the first difference", () => {
    expect(["x-ms-meta-a-c", "x-ms-meta-ab", "x-ms-metaa", "x-ms-meta-a"].sort(compareCanonicalHeaderNames)).toEqual([
      "x-ms-metaa",
      "x-ms-meta-a",
      "x-ms-meta-ab",
      "x-ms-meta-a-c",
    ]);
    expect(["a-b", "a'b", "ab"].sort(compareCanonicalHeaderNames)).toEqual(["ab", "a'b", "a-b"]);
  });

  it("sorts '+' after the other symbols, and a prefix before its extensions", () => {
    expect(["a+", "a~", "a.", "a"].sort(compareCanonicalHeaderNames)).toEqual(["a", "a.", "a~", "a+"]);
    expect(compareCanonicalHeaderNames("x-ms-date", "x-ms-date")).toBe(0);
  });
});
