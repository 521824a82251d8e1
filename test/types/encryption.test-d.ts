import { describe, expectTypeOf, it } from "vitest";
import { AesKeyWrapKey, QueueService, type DecryptionError, type DecryptionFailure, type KeyEncryptionKey } from "../../src/index.js";

const syncKek: KeyEncryptionKey = {
  wrapKey: (key) => key,
  unwrapKey: (wrapped) => wrapped,
  getKeyWrapAlgorithm: () => "A256KW",
  getKid: () => "k",
};

describe("encryption settings", () => {
  it("take synchronous and asynchronous keys and resolvers", async () => {
    const asyncKek = await AesKeyWrapKey.import("k", new Uint8Array(32));
    const qs = new QueueService({ isEmulated: true, keyEncryptionKey: syncKek, encryptionVersion: "1.0" });
    qs.keyEncryptionKey = asyncKek;
    qs.keyResolverFunction = (kid) => (kid === "k" ? Promise.resolve(asyncKek) : undefined);
    qs.encryptionVersion = "2.0";
    expectTypeOf<DecryptionError["reason"]>().toEqualTypeOf<DecryptionFailure>();
  });

  it("refuse an unknown protocol version and a key whose methods give the wrong types", () => {
    // @ts-expect-error "3.0" is no protocol version
    void new QueueService({ isEmulated: true, encryptionVersion: "3.0" });
    const qs = new QueueService({ isEmulated: true });
    // @ts-expect-error wrapKey must give bytes
    qs.keyEncryptionKey = { ...syncKek, wrapKey: () => "wrapped" };
    // @ts-expect-error a resolver takes a key id and gives a key
    qs.keyResolverFunction = (_kid: number) => syncKek;
    // @ts-expect-error requireEncryption is a boolean
    qs.requireEncryption = "yes";
  });
});
