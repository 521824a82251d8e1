/**
 * Queues for QueueService: the options of createQueue and deleteQueue, a queue's metadata, and listing (its
 * options, pages and the lazy listing itself).
 */
import type { CallOptions } from "./options.js";

/** Options of `createQueue`. */
export interface CreateQueueOptions extends CallOptions {
  /** Name-value pairs to store with the queue, e.g. an owner; names are C# identifiers, values printable ASCII. */
  readonly metadata?: Readonly<Record<string, string>>;
  /** Throw `AzureConflictHttpError` (409 QueueAlreadyExists) instead of returning false when the queue exists. */
  readonly failOnExist?: boolean;
}

/** Options of `deleteQueue`. */
export interface DeleteQueueOptions extends CallOptions {
  /** Throw `AzureMissingResourceHttpError` instead of returning false when the queue does not exist. */
  readonly failNotExist?: boolean;
}

/** What `getQueueMetadata` gives: the queue's metadata and how many messages it holds. */
export interface QueueMetadata {
  /** The metadata, names as the service sent them (lower-case under `fetch`; compare them case-insensitively). */
  readonly metadata: Record<string, string>;
  /**
   * About how many messages the queue holds: never fewer than there are, but it may count expired ones. Good for
   * scaling consumers, not for exact accounting.
   */
  readonly approximateMessageCount: number;
}

/** Options of `listQueues`: which queues, and where to start. */
export interface ListQueuesOptions extends CallOptions {
  /** Only queues whose names start with this. */
  readonly prefix?: string;
  /** Stop after this many queues (at least 1); `nextMarker` then tells where to go on. */
  readonly numResults?: number;
  /** Fill in each queue's `metadata`. */
  readonly includeMetadata?: boolean;
  /** Start where an earlier listing's `nextMarker` left off. */
  readonly marker?: string;
}

/** How `QueueListing.byPage` pages: their size, and where to resume. */
export interface ListQueuesPageSettings {
  /** Queues per page, 1..5000 (sent as `maxresults`); default: the service's (5000). */
  readonly maxPageSize?: number;
  /** A page's `continuationToken` (or a `nextMarker`): start there instead of at the listing's `marker`. */
  readonly continuationToken?: string;
}

/** A queue as `listQueues` gives it. */
export interface Queue {
  /** The queue's name, to pass to the other methods. */
  readonly name: string;
  /** Present when listed with `includeMetadata`. */
  readonly metadata?: Record<string, string>;
}

/** One page of queues, with the token of the page after it (undefined on the last page). */
export type QueuePage = Queue[] & {
  /** Pass it as `byPage({ continuationToken })` to resume after this page, e.g. in a later request of yours. */
  readonly continuationToken: string | undefined;
};

/**
 * What `listQueues` returns: iterate it for queues (each `for await` starts again from `marker`), or `byPage()` for
 * pages. Nothing is requested before iteration begins.
 *
 * @example
 * // A paged listing for an HTTP API of yours: 100 queues per request, resumed from the caller's token.
 * async function queuePage(token?: string) {
 *   const pages = qs.listQueues({ prefix: "jobs-" }).byPage({ maxPageSize: 100, continuationToken: token });
 *   for await (const page of pages) return { names: page.map((queue) => queue.name), next: page.continuationToken };
 *   return { names: [], next: undefined };
 * }
 */
export interface QueueListing extends AsyncIterable<Queue> {
  /** Set when the last iteration stopped at `numResults` while the service had more: pass it as `marker`. */
  readonly nextMarker?: string;
  /**
   * The listing page by page, as the service sends them: one request per page.
   *
   * @throws ValidationError at once for a `maxPageSize` outside 1..5000.
   */
  byPage(settings?: ListQueuesPageSettings): AsyncIterable<QueuePage>;
}
