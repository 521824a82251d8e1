/**
 * The "value or promise" convention of the send path and the message-content pipeline. Most calls need nothing
 * asynchronous before they are sent or after they are answered (a message the writer writes, a list the scanner
 * reads, a SharedKey signature, content encoded by a plain function); only some do (a document the XML library
 * handles, a bearer token, WebCrypto). Steps return the value itself when it is at hand, so the common call creates
 * no promise beyond the sender's own.
 */

/** A value, or a promise of it when it has to wait for something. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Calls `fn` with `value` now when it is at hand, or once it resolves: `.then` without creating a promise for a
 * value that needs none. A throw from `fn` on the synchronous path is thrown, not turned into a rejection.
 *
 * @example
 * thenMaybe(buildOperationRequest(baseUrl, op, input), send); // send(request) for a message, at once
 */
export function thenMaybe<T, R>(value: MaybePromise<T>, fn: (value: T) => Promise<R>): Promise<R>;
export function thenMaybe<T, R>(value: MaybePromise<T>, fn: (value: T) => MaybePromise<R>): MaybePromise<R>;
export function thenMaybe<T, R>(value: MaybePromise<T>, fn: (value: T) => MaybePromise<R>): MaybePromise<R> {
  return isPromise(value) ? value.then(fn) : fn(value);
}

/**
 * Whether `value` is still to come. Native promises only: the steps that may be asynchronous are ours and return
 * native ones, while message content itself may be any object, `then` method included.
 *
 * @example
 * const text = content.encode(message);
 * assertMessageSize(isPromise(text) ? await text : text);
 */
export function isPromise<T>(value: MaybePromise<T>): value is Promise<T> {
  return value instanceof Promise;
}
