/**
 * The emulator's documented account key (Microsoft's Azurite and storage-emulator documentation; also in Azurite's
 * own constants). Tests that talk to Azurite sign with it directly, and one test checks that the key azqueue uses
 * for `UseDevelopmentStorage=true` is this one.
 */
export const DOCUMENTED_EMULATOR_ACCOUNT_KEY =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
