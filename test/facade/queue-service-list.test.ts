import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QueueService, ValidationError, type LogEvent, type Queue, type QueueListing } from "../../src/index.js";
import { uniqueQueueName } from "../harness/names.js";
import { accountUrl, loggedService, thrownBy } from "./queue-service-harness.js";

let qs: QueueService;
let attempts: LogEvent[];
/** Five queues under one prefix, each with metadata naming its index. */
let prefix: string;
let names: string[];

beforeAll(async () => {
  ({ qs, attempts } = loggedService());
  prefix = uniqueQueueName("ls");
  names = ["a", "b", "c", "d", "e"].map((suffix) => `${prefix}-${suffix}`);
  for (const [index, name] of names.entries()) await qs.createQueue(name, { metadata: { Index: String(index) } });
});
afterAll(() => qs.close());

async function collect(listing: AsyncIterable<Queue>): Promise<Queue[]> {
  const queues: Queue[] = [];
  for await (const queue of listing) queues.push(queue);
  return queues;
}

async function collectPages<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(page);
  return all;
}

/** Attempts made while `run` runs. */
async function attemptsDuring(run: () => Promise<unknown>): Promise<LogEvent[]> {
  const before = attempts.length;
  await run();
  return attempts.slice(before);
}

describe("QueueService.listQueues", () => {
  it("lists the queues under a prefix, in name order, without metadata unless asked", async () => {
    const queues = await collect(qs.listQueues({ prefix }));
    expect(queues).toEqual(names.map((name) => ({ name })));
  });

  it("includeMetadata fills in each queue's metadata, names in the case given", async () => {
    const queues = await collect(qs.listQueues({ prefix, includeMetadata: true }));
    expect(queues.map((queue) => ({ name: queue.name, metadata: { ...queue.metadata } }))).toEqual(
      names.map((name, index) => ({ name, metadata: { Index: String(index) } })),
    );
  });

  it("sends nothing before iteration; bad options throw at once", async () => {
    const before = attempts.length;
    const listing = qs.listQueues({ prefix });
    expect(listing.nextMarker).toBeUndefined();
    expect(attempts.length).toBe(before);
    for (const numResults of [0, -1, 1.5]) {
      const error = thrownBy(() => qs.listQueues({ numResults }));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).rule).toBe("num-results");
    }
    expect((thrownBy(() => qs.listQueues({ timeout: 0.5 })) as ValidationError).rule).toBe("whole-seconds");
    expect(attempts.length).toBe(before);
  });

  it("stops at numResults, asking for no more than that, and sets nextMarker; a listing from that marker continues", async () => {
    const first = qs.listQueues({ prefix, numResults: 3, includeMetadata: true });
    const sent = await attemptsDuring(async () => {
      expect((await collect(first)).map((queue) => queue.name)).toEqual(names.slice(0, 3));
    });
    expect(sent).toHaveLength(1);
    expect(first.nextMarker).toMatch(/\S/);
    const rest = qs.listQueues({ prefix, marker: first.nextMarker!, includeMetadata: true });
    const remaining = await collect(rest);
    expect(remaining.map((queue) => queue.name)).toEqual(names.slice(3));
    expect(remaining.map((queue) => queue.metadata?.["Index"])).toEqual(["3", "4"]);
    expect(rest.nextMarker).toBeUndefined();
  });

  it("leaves nextMarker unset when numResults is not reached or the listing ends exactly there", async () => {
    const wide = qs.listQueues({ prefix, numResults: 10 });
    expect(await collect(wide)).toHaveLength(5);
    expect(wide.nextMarker).toBeUndefined();
    const exact = qs.listQueues({ prefix, numResults: 5 });
    expect(await collect(exact)).toHaveLength(5);
    expect(exact.nextMarker).toBeUndefined();
  });

  it("each for-await starts again from marker", async () => {
    const listing = qs.listQueues({ prefix, numResults: 2 });
    const once = await collect(listing);
    const twice = await collect(listing);
    expect(twice).toEqual(once);
    expect(once.map((queue) => queue.name)).toEqual(names.slice(0, 2));
  });

  it("onResponse is called once per page, with request id and date", async () => {
    const seen: { status: number; requestId: string | undefined; date: Date | undefined }[] = [];
    const listing = qs.listQueues({ prefix, onResponse: (info) => seen.push(info) });
    await collectPages(listing.byPage({ maxPageSize: 2 }));
    expect(seen).toHaveLength(3);
    for (const info of seen) {
      expect(info.status).toBe(200);
      expect(info.requestId).toMatch(/\S/);
      expect(info.date).toBeInstanceOf(Date);
    }
  });
});

describe("QueueService.listQueues().byPage", () => {
  it("yields pages of maxPageSize, each with the token of the next, keeping prefix and metadata on every page", async () => {
    const pages = await collectPages(qs.listQueues({ prefix, includeMetadata: true }).byPage({ maxPageSize: 2 }));
    expect(pages.map((page) => page.map((queue) => queue.name))).toEqual([names.slice(0, 2), names.slice(2, 4), names.slice(4)]);
    expect(pages.every((page) => page.every((queue) => queue.metadata?.["Index"] !== undefined))).toBe(true);
    expect(pages[0]!.continuationToken).toMatch(/\S/);
    expect(pages[2]!.continuationToken).toBeUndefined();
  });

  it("continuationToken replaces marker", async () => {
    const listing = qs.listQueues({ prefix });
    const [firstPage] = await collectPages(listing.byPage({ maxPageSize: 3 }));
    const pages = await collectPages(qs.listQueues({ prefix, marker: "ignored" }).byPage({ continuationToken: firstPage!.continuationToken! }));
    expect(pages.flat().map((queue) => queue.name)).toEqual(names.slice(3));
  });

  it("stops at numResults too", async () => {
    const pages = await collectPages(qs.listQueues({ prefix, numResults: 3 }).byPage({ maxPageSize: 2 }));
    expect(pages.map((page) => page.length)).toEqual([2, 1]);
  });

  it("maxPageSize 1 and 5000 are accepted; 0, 5001 and 1.5 throw at once", async () => {
    const listing = qs.listQueues({ prefix });
    expect((await collectPages(listing.byPage({ maxPageSize: 1 }))).length).toBe(5);
    expect((await collectPages(listing.byPage({ maxPageSize: 5000 }))).length).toBe(1);
    const before = attempts.length;
    for (const maxPageSize of [0, 5001, 1.5]) {
      const error = thrownBy(() => listing.byPage({ maxPageSize }));
      expect((error as ValidationError).rule).toBe("max-page-size");
    }
    expect(attempts.length).toBe(before);
  });
});

describe("listQueues follows continuation markers while iterating queues", () => {
  // The service returns short pages with a marker when a listing crosses partitions; Azurite does so only past its
  // 5000-queue page. A fetch that asks for pages of two makes every page short. SAS authentication does not sign the
  // query, so changing it on the way keeps the request valid.
  let paged: QueueService;
  /** The query of each page request as sent, and the page size the listing asked for before the cap. */
  let pageRequests: string[];
  let askedSizes: (string | null)[];

  beforeAll(() => {
    pageRequests = [];
    askedSizes = [];
    const sasToken = qs.generateAccountSharedAccessSignature("s", "l", new Date(Date.now() + 3_600_000));
    const pagesOfTwo: typeof fetch = (input, init) => {
      const url = new URL(String(input));
      if (url.searchParams.get("comp") === "list") {
        askedSizes.push(url.searchParams.get("maxresults"));
        const asked = Number(url.searchParams.get("maxresults") ?? "5000");
        url.searchParams.set("maxresults", String(Math.min(asked, 2)));
        pageRequests.push(url.search);
      }
      return fetch(url, init);
    };
    paged = new QueueService({ endpoint: accountUrl(), sasToken, fetch: pagesOfTwo });
  });
  afterAll(() => paged.close());

  it("every queue comes, page after page, with prefix and include=metadata on every page", async () => {
    const listing: QueueListing = paged.listQueues({ prefix, includeMetadata: true });
    const queues = await collect(listing);
    // No numResults, no page size: the service's default is asked for.
    expect(askedSizes).toEqual([null, null, null]);
    expect(queues.map((queue) => queue.name)).toEqual(names);
    expect(queues.map((queue) => Object.values(queue.metadata ?? {}))).toEqual(names.map((_, index) => [String(index)]));
    expect(pageRequests).toHaveLength(3);
    for (const search of pageRequests) {
      expect(search).toContain(`prefix=${prefix}`);
      expect(search).toContain("include=metadata");
    }
    expect(listing.nextMarker).toBeUndefined();
  });

  it("pages lazily: breaking after the first queue sends one request", async () => {
    pageRequests.length = 0;
    for await (const queue of paged.listQueues({ prefix })) {
      expect(queue.name).toBe(names[0]);
      break;
    }
    expect(pageRequests).toHaveLength(1);
  });

  it("with numResults, asks each page for what remains and sets nextMarker at the stop", async () => {
    askedSizes.length = 0;
    const listing = paged.listQueues({ prefix, numResults: 3 });
    expect((await collect(listing)).map((queue) => queue.name)).toEqual(names.slice(0, 3));
    // 3 asked, 2 came (the cap); then the 1 that remains.
    expect(askedSizes).toEqual(["3", "1"]);
    expect(listing.nextMarker).toMatch(/\S/);
    const rest = qs.listQueues({ prefix, marker: listing.nextMarker! });
    expect((await collect(rest)).map((queue) => queue.name)).toEqual(names.slice(3));
  });
});
