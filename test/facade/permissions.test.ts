import { AccountSASPermissions, AccountSASResourceTypes, QueueSASPermissions } from "@azure/storage-queue";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/errors.js";
import { AccountPermissions, QueuePermissions, ResourceTypes } from "../../src/facade/permissions.js";

/** Every subset of `alphabet`'s letters, each as a string in a shuffled order. */
function subsetsShuffled(alphabet: string): fc.Arbitrary<string> {
  return fc.subarray([...alphabet]).chain((letters) => fc.shuffledSubarray(letters, { minLength: letters.length }).map((l) => l.join("")));
}

describe("QueuePermissions", () => {
  it("has one static member per flag, written as its letter", () => {
    expect([QueuePermissions.READ, QueuePermissions.ADD, QueuePermissions.UPDATE, QueuePermissions.PROCESS].map(String)).toEqual([
      "r",
      "a",
      "u",
      "p",
    ]);
  });

  it("or() combines into a new set written in the service's order raup", () => {
    const all = QueuePermissions.PROCESS.or(QueuePermissions.UPDATE).or(QueuePermissions.ADD).or(QueuePermissions.READ);
    expect(all.toString()).toBe("raup");
    expect(QueuePermissions.PROCESS.toString()).toBe("p");
    expect(QueuePermissions.PROCESS.or("r").toString()).toBe("rp");
  });

  it("instances are immutable", () => {
    const read = QueuePermissions.READ;
    expect(Object.isFrozen(read)).toBe(true);
    expect(() => {
      (read as { add: boolean }).add = true;
    }).toThrow(TypeError);
    expect(QueuePermissions.READ.toString()).toBe("r");
  });

  it("parse, from and toString give what @azure/storage-queue's QueueSASPermissions gives, for every subset and order", () => {
    fc.assert(
      fc.property(subsetsShuffled("raup"), (text) => {
        const official = QueueSASPermissions.parse(text).toString();
        expect(QueuePermissions.parse(text).toString()).toBe(official);
        expect(QueuePermissions.from(text).toString()).toBe(official);
      }),
    );
  });

  it("the constructor takes flags, as the reference's keyword arguments", () => {
    const permission = new QueuePermissions({ process: true, read: true });
    expect(permission.read && permission.process && !permission.add && !permission.update).toBe(true);
    expect(permission.toString()).toBe("rp");
    expect(new QueuePermissions().toString()).toBe("");
  });

  it("from() returns an instance as it is", () => {
    const permission = QueuePermissions.parse("ra");
    expect(QueuePermissions.from(permission)).toBe(permission);
  });

  it("repeated letters are harmless", () => {
    expect(QueuePermissions.parse("rrpa").toString()).toBe("rap");
  });

  it("an unknown letter is a ValidationError naming the letter and the allowed ones", () => {
    const error = (() => {
      try {
        QueuePermissions.parse("rw");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).rule).toBe("queue-permissions");
    expect((error as ValidationError).message).toContain('"w"');
    expect((error as ValidationError).message).toContain("raup");
    expect(() => QueuePermissions.READ.or("x")).toThrow(ValidationError);
    expect(() => QueuePermissions.parse("R")).toThrow(/"R"/);
  });

  it("a non-string is a ValidationError", () => {
    expect(() => QueuePermissions.parse(7 as unknown as string)).toThrow(ValidationError);
    expect(() => QueuePermissions.from(null as unknown as string)).toThrow(ValidationError);
  });
});

describe("AccountPermissions", () => {
  it("has one static member per flag, written as its letter", () => {
    const members = [
      AccountPermissions.READ,
      AccountPermissions.WRITE,
      AccountPermissions.DELETE,
      AccountPermissions.LIST,
      AccountPermissions.ADD,
      AccountPermissions.CREATE,
      AccountPermissions.UPDATE,
      AccountPermissions.PROCESS,
    ];
    expect(members.map(String).join("")).toBe("rwdlacup");
    expect(members.reduceRight((all, one) => all.or(one)).toString()).toBe("rwdlacup");
  });

  it("parse, from and toString give what @azure/storage-queue's AccountSASPermissions gives, for every subset and order", () => {
    fc.assert(
      fc.property(subsetsShuffled("rwdlacup"), (text) => {
        const official = AccountSASPermissions.parse(text).toString();
        expect(AccountPermissions.parse(text).toString()).toBe(official);
        expect(AccountPermissions.from(text).toString()).toBe(official);
      }),
    );
  });

  it("or() accepts a string and leaves both operands alone", () => {
    const list = AccountPermissions.LIST;
    expect(list.or("r").toString()).toBe("rl");
    expect(list.toString()).toBe("l");
    expect(Object.isFrozen(list.or("r"))).toBe(true);
  });

  it("the constructor takes flags", () => {
    expect(new AccountPermissions({ process: true, delete: true, write: true }).toString()).toBe("wdp");
  });

  it("an unknown letter is a ValidationError naming the letter and the allowed ones", () => {
    expect(() => AccountPermissions.parse("rx")).toThrow(ValidationError);
    expect(() => AccountPermissions.parse("rx")).toThrow(/"x".*rwdlacup/);
    try {
      AccountPermissions.from("t");
    } catch (e) {
      expect((e as ValidationError).rule).toBe("account-permissions");
    }
    expect.assertions(3);
  });
});

describe("ResourceTypes", () => {
  it("has one static member per type, written as its letter, combined in the order sco", () => {
    expect([ResourceTypes.SERVICE, ResourceTypes.CONTAINER, ResourceTypes.OBJECT].map(String)).toEqual(["s", "c", "o"]);
    expect(ResourceTypes.OBJECT.or(ResourceTypes.CONTAINER).or(ResourceTypes.SERVICE).toString()).toBe("sco");
  });

  it("parse, from and toString give what @azure/storage-queue's AccountSASResourceTypes gives, for every subset and order", () => {
    fc.assert(
      fc.property(subsetsShuffled("sco"), (text) => {
        const official = AccountSASResourceTypes.parse(text).toString();
        expect(ResourceTypes.parse(text).toString()).toBe(official);
        expect(ResourceTypes.from(text).toString()).toBe(official);
      }),
    );
  });

  it("the constructor takes flags and instances are frozen", () => {
    const types = new ResourceTypes({ object: true, service: true });
    expect(types.toString()).toBe("so");
    expect(Object.isFrozen(types)).toBe(true);
  });

  it("an unknown letter is a ValidationError naming the letter and the allowed ones", () => {
    expect(() => ResourceTypes.parse("sq")).toThrow(/"q".*sco/);
    try {
      ResourceTypes.from("b");
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).rule).toBe("resource-types");
    }
    expect.assertions(3);
  });
});
