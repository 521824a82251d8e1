/** Values the service defines, named once. */

/** The `x-ms-version` every request carries: the newest one Azurite 3.35 accepts. */
export const SERVICE_VERSION = "2025-11-05";

/** The public development-storage account (documented by Microsoft; not a secret). */
export const EMULATOR_ACCOUNT_NAME = "devstoreaccount1";
export const EMULATOR_ACCOUNT_KEY =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
export const EMULATOR_QUEUE_ENDPOINT = "http://127.0.0.1:10001/devstoreaccount1";

/** The OAuth scope that grants access to Azure Storage data. */
export const STORAGE_SCOPE = "https://storage.azure.com/.default";

export const DEFAULT_ENDPOINT_SUFFIX = "core.windows.net";

/** Suffix the service appends to the account name for the read-only secondary. */
export const SECONDARY_ACCOUNT_SUFFIX = "-secondary";

/** Queue metadata travels as one header per entry: this prefix, then the name. */
export const METADATA_HEADER_PREFIX = "x-ms-meta-";

/** The content type of every XML request body. */
export const XML_CONTENT_TYPE = "application/xml; charset=utf-8";

export const LIMITS = {
  queueNameMin: 3,
  queueNameMax: 63,
  /** UTF-8 bytes of the text the service stores for one message. */
  messageBytesMax: 64 * 1024,
  numMessagesMin: 1,
  numMessagesMax: 32,
  /** Seconds. */
  visibilityTimeoutMax: 7 * 24 * 60 * 60,
  maxResultsMax: 5000,
  /** Days a logging or metrics retention policy may keep data. */
  retentionDaysMax: 365,
  corsRulesMax: 5,
  signedIdentifiersMax: 5,
  signedIdentifierIdMax: 64,
} as const;
