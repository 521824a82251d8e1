/**
 * The options every command takes, and the account they select. Explicit flags win over the environment, as in
 * the Azure CLI: --connection-string, then --account-name with --account-key or --sas-token (either may come from
 * AZURE_STORAGE_KEY / AZURE_STORAGE_SAS_TOKEN), then AZURE_STORAGE_CONNECTION_STRING, then AZURE_STORAGE_ACCOUNT
 * with its key or token, and last the local emulator (UseDevelopmentStorage=true).
 */
import { Option, type Command } from "commander";
import { AesKeyWrapKey, QueueMessageFormat, QueueService, type EncryptionVersion, type QueueServiceOptions } from "../index.js";
import { UsageError, type FailureContext } from "./errors.js";
import { Output } from "./output.js";

/**
 * The message formats azq reads and writes. `text` is the default: the stored text as is, which is what the Azure
 * CLI, Storage Explorer, the portal and @azure/storage-queue put and show (the README says why).
 */
export const MESSAGE_FORMATS = {
  text: { encodeFunction: QueueMessageFormat.noEncode, decodeFunction: QueueMessageFormat.noDecode },
  xml: { encodeFunction: QueueMessageFormat.textXmlEncode, decodeFunction: QueueMessageFormat.textXmlDecode },
  base64: { encodeFunction: QueueMessageFormat.textBase64Encode, decodeFunction: QueueMessageFormat.textBase64Decode },
} as const;
export type MessageFormatName = keyof typeof MESSAGE_FORMATS;

export interface GlobalOptions {
  readonly connectionString?: string;
  readonly accountName?: string;
  readonly accountKey?: string;
  readonly sasToken?: string;
  readonly format: MessageFormatName;
  readonly json: boolean;
  readonly quiet: boolean;
  readonly encryptionKeyId?: string;
  readonly requireEncryption: boolean;
  readonly encryptionVersion: EncryptionVersion;
}

/** The key-encryption key's bytes, base64: from the environment only, never a flag that process lists would show. */
export const ENCRYPTION_KEY_VARIABLE = "AZQ_ENCRYPTION_KEY";

export function addGlobalOptions(program: Command): Command {
  return program
    .option("--connection-string <string>", "the account's connection string (default: $AZURE_STORAGE_CONNECTION_STRING)")
    .option("--account-name <name>", "the storage account (default: $AZURE_STORAGE_ACCOUNT)")
    .option("--account-key <key>", "its key (default: $AZURE_STORAGE_KEY)")
    .option("--sas-token <token>", "a SAS token instead of the key (default: $AZURE_STORAGE_SAS_TOKEN)")
    .addOption(
      new Option("--format <format>", "message format: text (stored as is), xml (escaped, as the Python reference), base64")
        .choices(Object.keys(MESSAGE_FORMATS))
        .default("text"),
    )
    .addOption(
      new Option("--encryption-key-id <kid>", `client-side encryption: the AES key-wrap key in $${ENCRYPTION_KEY_VARIABLE} (base64 of 16, 24 or 32 bytes) under this id`).env(
        "AZQ_ENCRYPTION_KEY_ID",
      ),
    )
    .option("--require-encryption", "refuse to put or read a message that is not encrypted", false)
    .addOption(new Option("--encryption-version <version>", "envelope to write: 2.0 (AES-GCM) or 1.0 (AES-CBC)").choices(["2.0", "1.0"]).default("2.0"))
    .option("--json", "machine output: one JSON document, or JSON lines for streams", false)
    .option("-q, --quiet", "print only errors and the data asked for", false);
}

/** What a command needs: its output and the account, opened on demand. */
export interface CommandContext {
  readonly output: Output;
  /** A service that reads and writes content in --format, encrypting and decrypting with the --encryption-* options. */
  service(): Promise<QueueService>;
  /** A service whose content is the stored text, whatever --format says and never decrypted: for copying messages byte for byte. */
  storedTextService(): QueueService;
}

/** Filled in as soon as a command opens its service, so an error after that can say where it was sending. */
export const failureContext: { -readonly [K in keyof FailureContext]: FailureContext[K] } = {};

export function commandContext(command: Command): CommandContext {
  const options = command.optsWithGlobals<GlobalOptions>();
  const output = new Output({ json: options.json, quiet: options.quiet });
  const account = accountOptions(options, process.env);
  const open = (format: MessageFormatName, encryption: Partial<QueueServiceOptions> = {}): QueueService => {
    const service = new QueueService({ ...account.options, ...encryption, ...MESSAGE_FORMATS[format] } as QueueServiceOptions<string>);
    failureContext.endpoint = service.primaryEndpoint;
    failureContext.emulatorFallback = account.emulator;
    return service;
  };
  return {
    output,
    service: async () => open(options.format, await encryptionOptions(options, process.env)),
    storedTextService: () => open("text"),
  };
}

async function encryptionOptions(options: GlobalOptions, env: NodeJS.ProcessEnv): Promise<Partial<QueueServiceOptions>> {
  const key = nonEmpty(env[ENCRYPTION_KEY_VARIABLE]);
  if (options.encryptionKeyId === undefined) {
    if (key !== undefined) throw new UsageError(`${ENCRYPTION_KEY_VARIABLE} is set: give its key id with --encryption-key-id`);
    if (options.requireEncryption) throw new UsageError(`--require-encryption needs --encryption-key-id, with the key in ${ENCRYPTION_KEY_VARIABLE}`);
    return {};
  }
  if (key === undefined) throw new UsageError(`--encryption-key-id needs the key's bytes, base64, in ${ENCRYPTION_KEY_VARIABLE}`);
  const keyEncryptionKey = await AesKeyWrapKey.import(options.encryptionKeyId, Buffer.from(key, "base64"));
  return { keyEncryptionKey, requireEncryption: options.requireEncryption, encryptionVersion: options.encryptionVersion };
}

interface AccountChoice {
  readonly options: Pick<QueueServiceOptions, "connectionString" | "accountName" | "accountKey" | "sasToken">;
  readonly emulator: boolean;
}

export function accountOptions(options: GlobalOptions, env: NodeJS.ProcessEnv): AccountChoice {
  if (options.connectionString !== undefined) {
    if (options.accountName || options.accountKey || options.sasToken) {
      throw new UsageError("give either --connection-string or --account-name with --account-key or --sas-token, not both");
    }
    return { options: { connectionString: options.connectionString }, emulator: false };
  }
  if (options.accountName !== undefined) return { options: keyOrToken(options.accountName, options, env), emulator: false };
  if (options.accountKey || options.sasToken) throw new UsageError("--account-key and --sas-token need --account-name");
  const fromEnv = nonEmpty(env.AZURE_STORAGE_CONNECTION_STRING);
  if (fromEnv !== undefined) return { options: { connectionString: fromEnv }, emulator: false };
  const accountName = nonEmpty(env.AZURE_STORAGE_ACCOUNT);
  if (accountName !== undefined) return { options: keyOrToken(accountName, options, env), emulator: false };
  return { options: { connectionString: "UseDevelopmentStorage=true" }, emulator: true };
}

function keyOrToken(accountName: string, options: GlobalOptions, env: NodeJS.ProcessEnv): AccountChoice["options"] {
  const accountKey = options.accountKey ?? nonEmpty(env.AZURE_STORAGE_KEY);
  if (accountKey !== undefined) return { accountName, accountKey };
  const sasToken = options.sasToken ?? nonEmpty(env.AZURE_STORAGE_SAS_TOKEN);
  if (sasToken !== undefined) return { accountName, sasToken };
  throw new UsageError(`account ${accountName} needs --account-key or --sas-token (or AZURE_STORAGE_KEY / AZURE_STORAGE_SAS_TOKEN)`);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}
