/**
 * QueueService.listQueues over Service_ListQueues: a lazy listing that follows continuation markers page by page,
 * keeps prefix and include=metadata on every page, and stops at `numResults`, as the reference's ListGenerator
 * does. Nothing is sent before iteration starts; each iteration starts again from the listing's `marker`.
 */
import { operations } from "../../generated/operations.js";
import type { components } from "../../generated/schema.js";
import { LIMITS } from "../constants.js";
import { ValidationError } from "../errors.js";
import { callOperation, type FacadeConnection } from "./call.js";
import type { ListQueuesOptions, ListQueuesPageSettings, Queue, QueueListing, QueuePage } from "./types/queues.js";
import { assertMaxPageSize, assertServerTimeout } from "./validation.js";

type ListQueuesResult = components["schemas"]["ListQueuesResult"];

/**
 * Validates the options at once and returns the listing.
 *
 * @throws ValidationError for a `numResults` that is not a whole number >= 1, a non-string prefix or marker, or a
 *   bad `timeout`.
 */
export function listQueues(connection: FacadeConnection, options: ListQueuesOptions = {}): QueueListing {
  const { prefix, numResults, marker, timeout } = options;
  if (prefix !== undefined && typeof prefix !== "string") throw new ValidationError("prefix", "prefix must be a string");
  if (marker !== undefined && typeof marker !== "string") throw new ValidationError("marker", "marker must be a string");
  if (numResults !== undefined && !(Number.isInteger(numResults) && numResults >= 1)) {
    throw new ValidationError("num-results", "numResults must be a whole number of queues, at least 1");
  }
  if (timeout !== undefined) assertServerTimeout(timeout);
  return new Listing(connection, options);
}

class Listing implements QueueListing {
  #nextMarker: string | undefined;
  readonly #connection: FacadeConnection;
  readonly #options: ListQueuesOptions;

  constructor(connection: FacadeConnection, options: ListQueuesOptions) {
    this.#connection = connection;
    this.#options = options;
  }

  get nextMarker(): string | undefined {
    return this.#nextMarker;
  }

  [Symbol.asyncIterator](): AsyncIterator<Queue> {
    this.#nextMarker = undefined;
    return new QueueIterator(this.#pages(this.#options.marker, undefined), (pending) => {
      // The reference's next_marker: only worth giving when numResults cut the listing short.
      if (this.#options.numResults !== undefined) this.#nextMarker = pending;
    });
  }

  byPage(settings: ListQueuesPageSettings = {}): AsyncIterable<QueuePage> {
    const { maxPageSize, continuationToken } = settings;
    if (maxPageSize !== undefined) assertMaxPageSize(maxPageSize);
    if (continuationToken !== undefined && typeof continuationToken !== "string") {
      throw new ValidationError("continuation-token", "continuationToken must be a string");
    }
    return { [Symbol.asyncIterator]: () => this.#pages(continuationToken ?? this.#options.marker, maxPageSize) };
  }

  /** Pages from `marker` until the service has no more, or `numResults` queues have come. */
  async *#pages(marker: string | undefined, maxPageSize: number | undefined): AsyncGenerator<QueuePage> {
    const { prefix, numResults, includeMetadata } = this.#options;
    let remaining = numResults ?? Number.POSITIVE_INFINITY;
    let next = marker === "" ? undefined : marker;
    do {
      const pageSize = Math.min(remaining, maxPageSize ?? LIMITS.maxResultsMax);
      const result = await callOperation<ListQueuesResult>(
        this.#connection,
        operations.Service_ListQueues,
        {
          query: {
            prefix: prefix === "" ? undefined : prefix,
            marker: next,
            // Left to the service's default unless something bounds the page.
            maxresults: numResults === undefined && maxPageSize === undefined ? undefined : pageSize,
            include: includeMetadata ? "metadata" : undefined,
          },
        },
        this.#options,
      );
      const body = result.body!;
      next = body.NextMarker === "" ? undefined : body.NextMarker;
      const page = toPage(body.Queues ?? [], includeMetadata === true, next);
      remaining -= page.length;
      yield page;
    } while (next !== undefined && remaining > 0);
  }
}

/**
 * Queues one by one from a page iterator. Hand-written rather than an async generator with `yield* page`: that
 * costs several promise round trips per queue, this one resolved promise per queue and a round trip per page.
 */
class QueueIterator implements AsyncIterator<Queue> {
  #page: QueuePage | undefined;
  #index = 0;
  #done = false;
  readonly #pages: AsyncGenerator<QueuePage>;
  readonly #onEnd: (pending: string | undefined) => void;

  constructor(pages: AsyncGenerator<QueuePage>, onEnd: (pending: string | undefined) => void) {
    this.#pages = pages;
    this.#onEnd = onEnd;
  }

  async next(): Promise<IteratorResult<Queue>> {
    for (;;) {
      const page = this.#page;
      if (page !== undefined && this.#index < page.length) return { value: page[this.#index++]!, done: false };
      if (this.#done) return { value: undefined, done: true };
      const step = await this.#pages.next();
      if (step.done) {
        this.#done = true;
        this.#onEnd(page?.continuationToken);
      } else {
        this.#page = step.value;
        this.#index = 0;
      }
    }
  }

  async return(): Promise<IteratorResult<Queue>> {
    this.#done = true;
    this.#page = undefined;
    await this.#pages.return(undefined);
    return { value: undefined, done: true };
  }
}

function toPage(items: readonly components["schemas"]["QueueItem"][], includeMetadata: boolean, continuationToken: string | undefined): QueuePage {
  const queues = items.map((item): Queue =>
    includeMetadata ? { name: item.Name, metadata: item.Metadata ?? Object.create(null) } : { name: item.Name },
  );
  return Object.assign(queues, { continuationToken });
}
