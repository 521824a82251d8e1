/**
 * The scenario in Chromium (Debian's, driven by playwright-core, headless, kept off the network): a page served on
 * 127.0.0.1 imports the browser bundle, runs the scenario against Azurite (whose CORS rules allow that origin, set
 * with setQueueServiceProperties), shows its results and is screenshotted as a test artifact. The same bundle
 * served from another origin, which the rules do not allow, is refused with a clear error.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import { QueueService } from "../../src/index.js";
import { uniqueQueueName } from "../harness/names.js";
import { REPO_DIR } from "../package/fresh-project.js";
import { bundleScenario } from "./bundle-scenario.js";
import { expectScenarioPassed } from "./scenario/expect-scenario.js";
import type { ScenarioResult } from "./scenario/scenario.js";

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = join(REPO_DIR, "artifacts", "runtimes");
const { accountUrl, projectDir } = inject("runtimes");

// The page runs the scenario with the configuration in its URL's fragment, then renders and publishes the result.
const PAGE_ENTRY = `import * as azqueue from "azqueue";
import * as client from "azqueue/client";
import { runScenario } from "./scenario.ts";

const config = JSON.parse(decodeURIComponent(location.hash.slice(1)));
const run = async () => {
  if (config.mode === "refused") {
    await using qs = new azqueue.QueueService({ endpoint: config.endpoint, accountName: config.accountName, accountKey: config.accountKey, retry: { maxTries: 1 } });
    try {
      await qs.peekMessages("anyqueue");
      return { refused: false };
    } catch (error) {
      return { refused: true, name: error.name, message: error.message };
    }
  }
  return runScenario(azqueue, client, config, "chromium");
};
const result = await run();
document.querySelector("#result").textContent = JSON.stringify(result, null, 2);
window.scenarioResult = result;
`;

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>azqueue in Chromium</title></head>
<body><h1>azqueue scenario in Chromium</h1><pre id="result">running...</pre><script type="module" src="/bundle.js"></script></body></html>`;

let server: Server;
let port: number;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium), as .ci/run does`);
  const bundle = readFileSync(await bundleScenario(projectDir, "chromium", "browser", PAGE_ENTRY));
  server = createServer((request, response) => {
    const isBundle = request.url === "/bundle.js";
    response.writeHead(200, { "content-type": isBundle ? "text/javascript" : "text/html; charset=utf-8" });
    response.end(isBundle ? bundle : PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
  await using owner = new QueueService({ endpoint: accountUrl, accountName: EMULATOR_ACCOUNT_NAME, accountKey: EMULATOR_ACCOUNT_KEY });
  await owner.setQueueServiceProperties({
    cors: [
      {
        allowedOrigins: [`http://127.0.0.1:${port}`],
        allowedMethods: ["GET", "PUT", "POST", "DELETE", "HEAD", "OPTIONS"],
        allowedHeaders: ["*"],
        exposedHeaders: ["*"],
        maxAgeInSeconds: 60,
      },
    ],
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Off the network: no name resolves but loopback, and none of the browser's own background traffic.
    args: [
      "--no-sandbox",
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

async function runPage(origin: string, config: Record<string, unknown>, screenshot?: string): Promise<unknown> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${origin}/#${encodeURIComponent(JSON.stringify(config))}`);
  await page.waitForFunction(() => "scenarioResult" in window, undefined, { timeout: 60_000 }).catch((error: unknown) => {
    throw new Error(`the page published no result (${errors.join("; ")}): ${String(error)}`);
  });
  if (screenshot) {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, screenshot), fullPage: true });
  }
  const result = await page.evaluate(() => (window as unknown as { scenarioResult: unknown }).scenarioResult);
  await page.close();
  return result;
}

const account = { endpoint: accountUrl, accountName: EMULATOR_ACCOUNT_NAME, accountKey: EMULATOR_ACCOUNT_KEY };

describe("chromium", () => {
  it("runs the scenario from a page on an allowed origin, through the browser's fetch", async () => {
    const result = (await runPage(`http://127.0.0.1:${port}`, { ...account, queue: uniqueQueueName("rtchromium") }, "chromium.png")) as ScenarioResult;
    expect(result.runtime).toBe("chromium");
    expectScenarioPassed(result, { throughFetch: true });
    expect(existsSync(join(ARTIFACTS, "chromium.png"))).toBe(true);
  });

  it("from an origin the CORS rules do not allow, a call fails with NetworkError", async () => {
    // localhost and 127.0.0.1 are different origins to the browser, and only the second is allowed.
    const result = await runPage(`http://localhost:${port}`, { ...account, mode: "refused" });
    expect(result).toMatchObject({ refused: true, name: "NetworkError", message: expect.stringContaining("Failed to fetch") });
  });
});
