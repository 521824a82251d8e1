/** The part of encryption loaded on first use: the envelope, the ciphers and the content-key handling. */
export { encryptMessageText } from "./encrypt.js";
export { decryptMessageText } from "./decrypt.js";
