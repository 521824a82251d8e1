import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/errors.js";
import { accountOptions, type GlobalOptions } from "../../src/cli/global-options.js";

const NO_FLAGS: GlobalOptions = { format: "text", json: false, quiet: false, requireEncryption: false, encryptionVersion: "2.0" };

describe("which account azq uses", () => {
  it("--connection-string first, then --account-name, then the environment, then the local emulator", () => {
    const env = { AZURE_STORAGE_CONNECTION_STRING: "from-env", AZURE_STORAGE_ACCOUNT: "envacct", AZURE_STORAGE_KEY: "envkey" };
    expect(accountOptions({ ...NO_FLAGS, connectionString: "flag" }, env).options).toEqual({ connectionString: "flag" });
    expect(accountOptions({ ...NO_FLAGS, accountName: "acct", accountKey: "k" }, env).options).toEqual({ accountName: "acct", accountKey: "k" });
    // A flag's account takes its key from the environment when the key is not a flag, as the Azure CLI does.
    expect(accountOptions({ ...NO_FLAGS, accountName: "acct" }, env).options).toEqual({ accountName: "acct", accountKey: "envkey" });
    expect(accountOptions(NO_FLAGS, env).options).toEqual({ connectionString: "from-env" });
    expect(accountOptions(NO_FLAGS, { AZURE_STORAGE_ACCOUNT: "envacct", AZURE_STORAGE_SAS_TOKEN: "sv=1&sig=x" }).options).toEqual({
      accountName: "envacct",
      sasToken: "sv=1&sig=x",
    });
    expect(accountOptions(NO_FLAGS, { AZURE_STORAGE_CONNECTION_STRING: " " })).toEqual({
      options: { connectionString: "UseDevelopmentStorage=true" },
      emulator: true,
    });
  });

  it("refuses an account without key or token, a key without account, and a connection string with either", () => {
    expect(() => accountOptions({ ...NO_FLAGS, accountName: "acct" }, {})).toThrow(UsageError);
    expect(() => accountOptions({ ...NO_FLAGS, accountKey: "k" }, {})).toThrow(UsageError);
    expect(() => accountOptions({ ...NO_FLAGS, connectionString: "c", sasToken: "s" }, {})).toThrow(UsageError);
  });
});
