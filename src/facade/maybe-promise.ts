/**
 * A value or a promise of it: what a step returns when it is synchronous unless something asynchronous (such as
 * WebCrypto) is configured. Callers test with `isPromise` and await only then, so the synchronous path creates no
 * promise and takes no extra microtask.
 */

/** A value now, or a promise of it later. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Whether `value` is still to come. Native promises only: the steps that may be asynchronous are ours and return
 * native ones, while content itself may be any object, `then` method included.
 *
 * @example
 * const text = content.encode(message);
 * assertMessageSize(isPromise(text) ? await text : text);
 */
export function isPromise<T>(value: MaybePromise<T>): value is Promise<T> {
  return value instanceof Promise;
}
