import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import { QueueService, ValidationError, type ServiceProperties, type ServicePropertiesInit } from "../../src/index.js";
import { emulatorService, loggedService, rejectionOf } from "./queue-service-harness.js";

// Service properties belong to the whole account, which the suite's test files share: this file restores what it
// found, and runs its writes one after the other.
let qs: QueueService;
let original: ServiceProperties;

beforeAll(async () => {
  qs = emulatorService();
  original = await qs.getQueueServiceProperties();
});
afterAll(async () => {
  await qs.setQueueServiceProperties(original);
  await qs.close();
});

describe.sequential("QueueService service properties", () => {
  it("round-trip logging, metrics and CORS rules, CORS lists as arrays", async () => {
    const properties: ServiceProperties = {
      logging: { version: "1.0", delete: true, read: false, write: true, retentionPolicy: { enabled: true, days: 5 } },
      hourMetrics: { version: "1.0", enabled: true, includeApis: true, retentionPolicy: { enabled: true, days: 7 } },
      minuteMetrics: { version: "1.0", enabled: false, retentionPolicy: { enabled: false } },
      cors: [
        {
          allowedOrigins: ["http://a.example", "http://b.example"],
          allowedMethods: ["GET", "PUT", "POST"],
          allowedHeaders: ["x-ms-meta-*", "content-type"],
          exposedHeaders: ["x-ms-request-id"],
          maxAgeInSeconds: 100,
        },
        { allowedOrigins: ["*"], allowedMethods: ["DELETE"], allowedHeaders: [], exposedHeaders: [], maxAgeInSeconds: 0 },
      ],
    };
    const info = await qs.setQueueServiceProperties(properties);
    expect(info.requestId).toMatch(/\S/);
    expect(info.date).toBeInstanceOf(Date);
    expect(await qs.getQueueServiceProperties()).toEqual(properties);
  });

  it("setting some parts sends only those and keeps the others", async () => {
    await qs.setQueueServiceProperties({
      logging: { read: true, retentionPolicy: { enabled: true, days: 3 } },
      cors: [{ allowedOrigins: ["http://kept.example"], allowedMethods: ["GET"] }],
    });
    await qs.setQueueServiceProperties({ minuteMetrics: { enabled: true, includeApis: false } });
    const after = await qs.getQueueServiceProperties();
    // Defaults filled in as the reference's constructors do: version 1.0, flags false, no retention.
    expect(after.logging).toEqual({ version: "1.0", delete: false, read: true, write: false, retentionPolicy: { enabled: true, days: 3 } });
    expect(after.minuteMetrics).toEqual({ version: "1.0", enabled: true, includeApis: false, retentionPolicy: { enabled: false } });
    expect(after.cors).toEqual([
      { allowedOrigins: ["http://kept.example"], allowedMethods: ["GET"], allowedHeaders: [], exposedHeaders: [], maxAgeInSeconds: 0 },
    ]);
  });

  it("cors: [] removes every CORS rule", async () => {
    await qs.setQueueServiceProperties({ cors: [{ allowedOrigins: ["*"], allowedMethods: ["GET"] }] });
    await qs.setQueueServiceProperties({ cors: [] });
    expect((await qs.getQueueServiceProperties()).cors).toEqual([]);
  });

  it("retention days 1 and 365 and 5 CORS rules are accepted", async () => {
    const rule = { allowedOrigins: ["*"], allowedMethods: ["GET"] };
    await qs.setQueueServiceProperties({
      logging: { retentionPolicy: { enabled: true, days: 1 } },
      hourMetrics: { enabled: true, includeApis: true, retentionPolicy: { enabled: true, days: 365 } },
      cors: [rule, rule, rule, rule, rule],
    });
    const after = await qs.getQueueServiceProperties();
    expect(after.logging?.retentionPolicy).toEqual({ enabled: true, days: 1 });
    expect(after.hourMetrics?.retentionPolicy).toEqual({ enabled: true, days: 365 });
    expect(after.cors).toHaveLength(5);
  });
});

describe("service property limits are checked before any request", () => {
  const rule = { allowedOrigins: ["*"], allowedMethods: ["GET"] };
  it.each<[string, ServicePropertiesInit, string]>([
    ["retention of 0 days", { logging: { retentionPolicy: { enabled: true, days: 0 } } }, "retention-days"],
    ["retention of 366 days", { hourMetrics: { retentionPolicy: { enabled: true, days: 366 } } }, "retention-days"],
    ["an enabled retention without days", { minuteMetrics: { retentionPolicy: { enabled: true } } }, "retention-days"],
    ["enabled metrics without includeApis", { hourMetrics: { enabled: true } }, "metrics-include-apis"],
    ["6 CORS rules", { cors: [rule, rule, rule, rule, rule, rule] }, "cors-rules"],
    ["a CORS rule without origins", { cors: [{ allowedOrigins: [], allowedMethods: ["GET"] }] }, "cors-list"],
    ["a CORS list item with a comma", { cors: [{ allowedOrigins: ["a,b"], allowedMethods: ["GET"] }] }, "cors-list"],
    ["a negative CORS max age", { cors: [{ ...rule, maxAgeInSeconds: -1 }] }, "cors-max-age"],
  ])("%s is a ValidationError", async (_what, properties, expectedRule) => {
    const { qs: logged, attempts } = loggedService();
    const error = await rejectionOf(logged.setQueueServiceProperties(properties));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).rule).toBe(expectedRule);
    expect(attempts).toEqual([]);
    await logged.close();
  });
});

describe("QueueService.getQueueServiceStats", () => {
  it("is answered by the secondary endpoint", async () => {
    const { qs: logged, attempts } = loggedService();
    const stats = await logged.getQueueServiceStats();
    expect(stats.geoReplication.status).toBe("live");
    expect(stats.geoReplication.lastSyncTime).toBeInstanceOf(Date);
    expect(attempts).toEqual([expect.objectContaining({ operation: "Service_GetStatistics", status: 200 })]);
    await logged.close();
  });

  it("without a secondary endpoint is a ValidationError, nothing sent", async () => {
    const attempts: unknown[] = [];
    const customDomain = new QueueService({
      endpoint: "https://queues.example.invalid",
      accountName: EMULATOR_ACCOUNT_NAME,
      accountKey: EMULATOR_ACCOUNT_KEY,
      logger: (event) => attempts.push(event),
    });
    const error = await rejectionOf(customDomain.getQueueServiceStats());
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).rule).toBe("secondary-endpoint");
    expect(attempts).toEqual([]);
    await customDomain.close();
  });
});
