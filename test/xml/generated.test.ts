/** The XML layer over the generator's real document specs, on bodies as Azurite sends them. */
import { describe, expect, it } from "vitest";
import { xmlArrayPaths, xmlDocuments } from "../../generated/operations.js";
import { createXmlParser, parseWithFastXmlParser } from "../../src/xml/xml-library.js";
import { buildXmlDocument, parseXmlDocument, xmlArrayPathsOf } from "./xml-documents.js";

const DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const sharedParser = createXmlParser(xmlArrayPaths);

function receivedMessages(count: number): string {
  let body = `${DECLARATION}<QueueMessagesList>`;
  for (let i = 0; i < count; i++) {
    body +=
      `<QueueMessage><MessageId>id-${i}</MessageId><InsertionTime>Sun, 22 Nov 2026 11:25:20 GMT</InsertionTime>` +
      `<ExpirationTime>Sun, 29 Nov 2026 11:25:20 GMT</ExpirationTime><PopReceipt>MjJOb3YyMDI2MTE6MjU6MjA4ZjE1</PopReceipt>` +
      `<TimeNextVisible>Sun, 22 Nov 2026 11:25:50 GMT</TimeNextVisible><DequeueCount>1</DequeueCount><MessageText>m${i}</MessageText></QueueMessage>`;
  }
  return `${body}</QueueMessagesList>`;
}

// Bodies from the reference captures of Azurite 3.35 (list, last page, access policy, service properties, stats).
const listPage =
  `${DECLARATION}<EnumerationResults ServiceEndpoint="http://127.0.0.1:42501/devstoreaccount1"><Prefix>pg-</Prefix><MaxResults>3</MaxResults>` +
  "<Queues><Queue><Name>pg-0</Name><Metadata><idx>0</idx></Metadata></Queue><Queue><Name>pg-1</Name><Metadata><idx>1</idx></Metadata></Queue>" +
  "<Queue><Name>pg-2</Name><Metadata><idx>2</idx></Metadata></Queue></Queues><NextMarker>4</NextMarker></EnumerationResults>";
const lastPage =
  `${DECLARATION}<EnumerationResults ServiceEndpoint="http://127.0.0.1:42501/devstoreaccount1"><Prefix>pg-</Prefix><MaxResults>3</MaxResults>` +
  "<Queues><Queue><Name>pg-6</Name><Metadata><idx>6</idx></Metadata></Queue></Queues><NextMarker/></EnumerationResults>";
const accessPolicy =
  `${DECLARATION}<SignedIdentifiers><SignedIdentifier><Id>policy-read</Id><AccessPolicy><Start>2026-11-22T10:25:20.3670000Z</Start>` +
  "<Expiry>2026-11-22T12:25:20.3670000Z</Expiry><Permission>r</Permission></AccessPolicy></SignedIdentifier></SignedIdentifiers>";
const serviceProperties =
  `${DECLARATION}<StorageServiceProperties><Logging><Version>1.0</Version><Delete>true</Delete><Read>true</Read><Write>true</Write>` +
  "<RetentionPolicy><Enabled>true</Enabled><Days>5</Days></RetentionPolicy></Logging><HourMetrics><Version>1.0</Version><Enabled>true</Enabled>" +
  "<IncludeAPIs>true</IncludeAPIs><RetentionPolicy><Enabled>true</Enabled><Days>7</Days></RetentionPolicy></HourMetrics><MinuteMetrics>" +
  "<Version>1.0</Version><Enabled>false</Enabled><RetentionPolicy><Enabled>false</Enabled></RetentionPolicy></MinuteMetrics><Cors><CorsRule>" +
  "<AllowedOrigins>http://example.com</AllowedOrigins><AllowedMethods>GET,PUT,POST</AllowedMethods><AllowedHeaders>x-ms-meta-*</AllowedHeaders>" +
  "<ExposedHeaders>x-ms-meta-*</ExposedHeaders><MaxAgeInSeconds>100</MaxAgeInSeconds></CorsRule></Cors></StorageServiceProperties>";
const stats = `${DECLARATION}<StorageServiceStats><GeoReplication><Status>live</Status><LastSyncTime>Sun, 22 Nov 2026 11:25:20 GMT</LastSyncTime></GeoReplication></StorageServiceStats>`;

describe("generated document specs", () => {
  it("the generator's xmlArrayPaths are exactly the array paths of its documents", () => {
    const derived = new Set(Object.values(xmlDocuments).flatMap((doc) => xmlArrayPathsOf(doc)));
    expect([...derived].sort()).toEqual([...xmlArrayPaths]);
  });

  it("reads 32 received messages, DequeueCount as a number", async () => {
    const messages = (await parseXmlDocument(receivedMessages(32), xmlDocuments.DequeuedMessagesList)) as { MessageText: string; DequeueCount: number }[];
    expect(messages).toHaveLength(32);
    expect(messages[31]).toMatchObject({ MessageId: "id-31", DequeueCount: 1, MessageText: "m31" });
  });

  it("reads a list page with metadata, and the last page's empty NextMarker", async () => {
    const page = (await parseXmlDocument(listPage, xmlDocuments.ListQueuesResult)) as { Queues: { Name: string; Metadata: Record<string, string> }[] };
    expect(page).toMatchObject({ ServiceEndpoint: "http://127.0.0.1:42501/devstoreaccount1", Prefix: "pg-", MaxResults: 3, NextMarker: "4" });
    expect(page.Queues.map((queue) => [queue.Name, { ...queue.Metadata }])).toEqual([
      ["pg-0", { idx: "0" }],
      ["pg-1", { idx: "1" }],
      ["pg-2", { idx: "2" }],
    ]);
    expect(await parseXmlDocument(lastPage, xmlDocuments.ListQueuesResult)).toMatchObject({ NextMarker: "", Queues: [{ Name: "pg-6" }] });
  });

  it("reads access policies, service properties and stats", async () => {
    expect(await parseXmlDocument(accessPolicy, xmlDocuments.SignedIdentifiers)).toEqual([
      { Id: "policy-read", AccessPolicy: { Start: "2026-11-22T10:25:20.3670000Z", Expiry: "2026-11-22T12:25:20.3670000Z", Permission: "r" } },
    ]);
    const properties = await parseXmlDocument(serviceProperties, xmlDocuments.StorageServiceProperties);
    expect(properties).toMatchObject({ Logging: { Delete: true, RetentionPolicy: { Enabled: true, Days: 5 } }, Cors: [{ MaxAgeInSeconds: 100 }] });
    expect(await buildXmlDocument(xmlDocuments.StorageServiceProperties, properties)).toBe(serviceProperties.replace(DECLARATION, '<?xml version="1.0" encoding="utf-8"?>'));
    expect(await parseXmlDocument(stats, xmlDocuments.StorageServiceStats)).toEqual({ GeoReplication: { Status: "live", LastSyncTime: "Sun, 22 Nov 2026 11:25:20 GMT" } });
  });

  it("reads a StorageError with its extra detail elements", async () => {
    const body = `${DECLARATION}\n<Error>\n  <Code>OutOfRangeQueryParameterValue</Code>\n  <Message>out of range\nRequestId:1</Message>\n  <QueryParameterName>numofmessages</QueryParameterName>\n</Error>`;
    const error = (await parseXmlDocument(body, xmlDocuments.StorageError)) as Record<string, string>;
    expect({ ...error }).toEqual({ Code: "OutOfRangeQueryParameterValue", Message: "out of range\nRequestId:1", QueryParameterName: "numofmessages" });
  });

  it("the spec's parser makes arrays of single items at every array path", () => {
    expect(sharedParser.parse(receivedMessages(1)).value).toMatchObject({ QueueMessage: [{ MessageId: "id-0" }] });
    expect(sharedParser.parse(lastPage).value).toMatchObject({ Queues: { Queue: [{ Name: "pg-6" }] } });
    expect(sharedParser.parse(accessPolicy).value).toMatchObject({ SignedIdentifier: [{ Id: "policy-read" }] });
    expect(sharedParser.parse(serviceProperties).value).toMatchObject({ Cors: { CorsRule: [{ MaxAgeInSeconds: "100" }] } });
  });

  it("reads every document as a parser built from that document's own paths does", async () => {
    const cases: [string, keyof typeof xmlDocuments][] = [
      [receivedMessages(1), "DequeuedMessagesList"],
      [lastPage, "ListQueuesResult"],
      [accessPolicy, "SignedIdentifiers"],
      [serviceProperties, "StorageServiceProperties"],
    ];
    for (const [body, name] of cases) {
      const own = createXmlParser(xmlArrayPathsOf(xmlDocuments[name]));
      expect(await parseXmlDocument(body, xmlDocuments[name])).toEqual(parseWithFastXmlParser(body, xmlDocuments[name], own));
    }
  });
});
