/**
 * The one shape every contender takes, so a single loop drives them all. `M` is the contender's own received
 * message: the loop hands it back unchanged to delete and update, so no contender pays for a conversion.
 */
export interface ContenderConfig {
  /** Path-style account URL, e.g. http://127.0.0.1:41234/devstoreaccount1 */
  readonly accountUrl: string;
  readonly accountName: string;
  readonly accountKey: string;
  /** azqueue only (figure 8): encrypt and decrypt with protocol 2.0 and this AES key-wrap key, base64. */
  readonly encryptionKey?: string;
}

export interface Contender<M = unknown> {
  put(queue: string, text: string): Promise<void>;
  get(queue: string, count: number): Promise<readonly M[]>;
  delete(queue: string, message: M): Promise<void>;
  /** Makes the message visible at once with new text; returns it with its new pop receipt. */
  update(queue: string, message: M, text: string): Promise<M>;
  /** Lists every queue with the prefix; returns how many. */
  list(prefix: string): Promise<number>;
  close(): Promise<void>;
}

export type CreateContender = (config: ContenderConfig) => Promise<Contender>;
