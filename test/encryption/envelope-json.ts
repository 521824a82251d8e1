/** An envelope as JSON.parse gives it, for tests that read or alter one field at a time. */
export interface EnvelopeJson {
  EncryptedMessageContents: string;
  EncryptionData: {
    WrappedContentKey: { KeyId: string; EncryptedKey: string; Algorithm: string };
    EncryptionAgent: { Protocol: string; EncryptionAlgorithm: string };
    ContentEncryptionIV?: string;
    EncryptedRegionInfo?: { DataLength: number; NonceLength: number };
    KeyWrappingMetadata?: Record<string, string>;
  };
}
