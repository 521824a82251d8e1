// Variables the `@example` blocks of the public entries may use without declaring them, as a reader would assume
// from the surrounding docs. Globals: an example's own declaration of the same name shadows them.
import type { QueueService, ReceivedMessage } from "azqueue";
import type { ContractExchange, ContractRequest, ContractResponse, ContractValidator, Har } from "azqueue/contract";

declare global {
  const qs: QueueService;
  const message: ReceivedMessage;
  const connectionString: string;
  const endpoint: string;
  const sasToken: string;
  const expiry: Date;
  const validator: ContractValidator;
  const exchange: ContractExchange;
  const request: ContractRequest;
  const response: ContractResponse;
  const har: Har;
  const keyBytes: Uint8Array;
  const privateJwk: JsonWebKey;
  const publicJwk: JsonWebKey;
  /** A key vault's client, as the KeyEncryptionKey example assumes one. */
  const vault: {
    wrap(kid: string, key: Uint8Array): Promise<Uint8Array>;
    unwrap(kid: string, wrapped: Uint8Array, algorithm: string): Promise<Uint8Array>;
  };
}
