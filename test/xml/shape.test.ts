import { describe, expect, it } from "vitest";
import type { XmlShape } from "../../src/operation/operation-spec.js";
import { ResponseParseError, ValidationError } from "../../src/errors.js";
import { parseWithFastXmlParser } from "../../src/xml/xml-library.js";
import { fromXmlShape, toXmlShape } from "../../src/xml/shape.js";
import { xmlArrayPathsOf } from "./xml-documents.js";
import {
  listQueuesDocument,
  messagesListDocument,
  queueMessageDocument,
  servicePropertiesDocument,
  signedIdentifiersDocument,
  unwrappedDocument,
} from "./documents.js";

function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

function message(index: number, omit?: string): string {
  const fields: [string, string][] = [
    ["MessageId", `id-${index}`],
    ["InsertionTime", "Sun, 22 Nov 2026 11:25:20 GMT"],
    ["ExpirationTime", "Sun, 29 Nov 2026 11:25:20 GMT"],
    ["PopReceipt", `receipt-${index}`],
    ["TimeNextVisible", "Sun, 22 Nov 2026 11:25:50 GMT"],
    ["DequeueCount", "1"],
    ["MessageText", `m${index}`],
  ];
  return `<QueueMessage>${fields.filter(([name]) => name !== omit).map(([name, value]) => `<${name}>${value}</${name}>`).join("")}</QueueMessage>`;
}

describe("fromXmlShape: scalars", () => {
  const integer: XmlShape = { type: "integer" };
  const boolean: XmlShape = { type: "boolean" };

  it.each([["12", 12], ["0", 0], ["007", 7], ["-1", -1], ["9007199254740991", 9007199254740991]])("integer %j is %j", (text, value) => {
    expect(fromXmlShape(integer, text, "X.Count")).toBe(value);
  });

  it.each(["12a", "", " 12", "12 ", "1.5", "1e3", "0x1F", "+1", "9007199254740993", "NaN"])("integer %j is refused, naming the element", (text) => {
    const error = thrown(() => fromXmlShape(integer, text, "QueueMessagesList.QueueMessage[0].DequeueCount"));
    expect(error).toBeInstanceOf(ResponseParseError);
    expect(error.message).toBe("QueueMessagesList.QueueMessage[0].DequeueCount is not an integer");
  });

  it("booleans are exactly true or false", () => {
    expect(fromXmlShape(boolean, "true", "B")).toBe(true);
    expect(fromXmlShape(boolean, "false", "B")).toBe(false);
    for (const text of ["True", "1", "", " true", "yes"]) {
      expect(thrown(() => fromXmlShape(boolean, text, "Logging.Read")).message).toBe('Logging.Read is not "true" or "false"');
    }
  });

  it("a string is never trimmed; an element with attributes gives its text", () => {
    expect(fromXmlShape({ type: "string" }, "  x \n", "S")).toBe("  x \n");
    expect(fromXmlShape({ type: "string" }, { "@a": "1", "#text": "t" }, "S")).toBe("t");
    expect(fromXmlShape({ type: "string" }, { "@a": "1" }, "S")).toBe("");
  });

  it("a string where children or repeats are found is refused", () => {
    expect(thrown(() => fromXmlShape({ type: "string" }, { Child: "x" }, "Q.Name")).message).toBe("Q.Name has child elements where text is expected");
    expect(thrown(() => fromXmlShape({ type: "string" }, ["a", "b"], "Q.Name")).message).toBe("Q.Name is repeated where one element is expected");
  });
});

describe("fromXmlShape: documents", () => {
  it("a missing required element is named with its path", () => {
    const body = `<QueueMessagesList>${[0, 1, 2].map((i) => message(i)).join("")}${message(3, "PopReceipt")}</QueueMessagesList>`;
    const error = thrown(() => parseWithFastXmlParser(body, messagesListDocument));
    expect(error).toBeInstanceOf(ResponseParseError);
    expect(error.message).toBe("QueueMessagesList.QueueMessage[3].PopReceipt is missing");
  });

  it("one item is still an array; no items is an empty one", () => {
    expect(parseWithFastXmlParser(`<QueueMessagesList>${message(0)}</QueueMessagesList>`, messagesListDocument)).toEqual([
      {
        MessageId: "id-0",
        InsertionTime: "Sun, 22 Nov 2026 11:25:20 GMT",
        ExpirationTime: "Sun, 29 Nov 2026 11:25:20 GMT",
        PopReceipt: "receipt-0",
        TimeNextVisible: "Sun, 22 Nov 2026 11:25:50 GMT",
        DequeueCount: 1,
        MessageText: "m0",
      },
    ]);
    expect(parseWithFastXmlParser("<QueueMessagesList>\n  </QueueMessagesList>", messagesListDocument)).toEqual([]);
  });

  it("a missing wrapper reads as an empty array, an empty one too", () => {
    const endpoint = 'ServiceEndpoint="http://x/"';
    expect(parseWithFastXmlParser(`<EnumerationResults ${endpoint}><Prefix/></EnumerationResults>`, listQueuesDocument)).toEqual({
      ServiceEndpoint: "http://x/",
      Prefix: "",
      QueueItems: [],
    });
    expect(parseWithFastXmlParser(`<EnumerationResults ${endpoint}><Queues/></EnumerationResults>`, listQueuesDocument)).toMatchObject({ QueueItems: [] });
  });

  it("unwrapped items are read from the parent, one or many", () => {
    expect(parseWithFastXmlParser("<Batch><Name>n</Name><Item>1</Item><Other/><Item>2</Item></Batch>", unwrappedDocument)).toEqual({ Name: "n", items: [1, 2] });
    expect(parseWithFastXmlParser("<Batch><Name>n</Name><Item>1</Item></Batch>", unwrappedDocument)).toEqual({ Name: "n", items: [1] });
    expect(parseWithFastXmlParser("<Batch><Name>n</Name></Batch>", unwrappedDocument)).toEqual({ Name: "n", items: [] });
  });

  it("unknown elements and attributes are ignored; absent optional ones are left out", () => {
    const body = '<QueueMessage lang="x"><Extra>1</Extra><MessageText>t</MessageText><More><Deep/></More></QueueMessage>';
    expect(parseWithFastXmlParser(body, queueMessageDocument)).toEqual({ MessageText: "t" });
    const acl = parseWithFastXmlParser("<SignedIdentifiers><SignedIdentifier><Id>a</Id></SignedIdentifier></SignedIdentifiers>", signedIdentifiersDocument);
    expect(acl).toEqual([{ Id: "a" }]);
    expect(Object.keys((acl as object[])[0]!)).toEqual(["Id"]);
  });

  it("text where an object is expected is refused; whitespace is not text", () => {
    expect(thrown(() => parseWithFastXmlParser("<QueueMessagesList>oops</QueueMessagesList>", messagesListDocument)).message).toBe(
      "QueueMessagesList has text where child elements are expected",
    );
    expect(parseWithFastXmlParser("<StorageServiceProperties>\r\n  <Cors>\n</Cors>\n</StorageServiceProperties>", servicePropertiesDocument)).toEqual({ Cors: [] });
  });

  it("a metadata map is a null-prototype record; a repeated name is refused", () => {
    const body = (metadata: string) =>
      `<EnumerationResults ServiceEndpoint="e"><Queues><Queue><Name>q</Name><Metadata>${metadata}</Metadata></Queue></Queues></EnumerationResults>`;
    const result = parseWithFastXmlParser(body("<a>1</a><B> 2 </B><empty/>"), listQueuesDocument) as { QueueItems: { Metadata: object }[] };
    const metadata = result.QueueItems[0]!.Metadata;
    expect(Object.getPrototypeOf(metadata)).toBeNull();
    expect({ ...metadata }).toEqual({ a: "1", B: " 2 ", empty: "" });
    const error = thrown(() => parseWithFastXmlParser(body("<a>1</a><a>2</a>"), listQueuesDocument));
    expect(error.message).toBe("EnumerationResults.Queues.Queue[0].Metadata.a is repeated where one element is expected");
  });

  it("a metadata map with text beside its entries is refused, indentation is not", () => {
    const body = (metadata: string) =>
      `<EnumerationResults ServiceEndpoint="e"><Queues><Queue><Name>q</Name><Metadata>${metadata}</Metadata></Queue></Queues></EnumerationResults>`;
    const error = thrown(() => parseWithFastXmlParser(body("v<other>w</other>"), listQueuesDocument));
    expect(error).toBeInstanceOf(ResponseParseError);
    expect(error.message).toBe("EnumerationResults.Queues.Queue[0].Metadata holds text outside its elements");
    const indented = parseWithFastXmlParser(body("\n      <a>1</a>\n    "), listQueuesDocument) as { QueueItems: { Metadata: object }[] };
    expect({ ...indented.QueueItems[0]!.Metadata }).toEqual({ a: "1" });
  });

  it("a missing required attribute is named", () => {
    expect(thrown(() => parseWithFastXmlParser("<EnumerationResults/>", listQueuesDocument)).message).toBe("EnumerationResults.@ServiceEndpoint is missing");
  });
});

describe("toXmlShape", () => {
  it("writes strings as they are, integers and booleans as text, in shape order", () => {
    const tree = toXmlShape(
      servicePropertiesDocument.shape,
      { Cors: [{ MaxAgeInSeconds: 5, ExposedHeaders: "", AllowedHeaders: "h", AllowedMethods: "GET", AllowedOrigins: "*" }], HourMetrics: { Enabled: false } },
      "StorageServiceProperties",
    );
    expect(JSON.parse(JSON.stringify(tree))).toEqual({
      HourMetrics: { Enabled: "false" },
      Cors: { CorsRule: [{ AllowedOrigins: "*", AllowedMethods: "GET", AllowedHeaders: "h", ExposedHeaders: "", MaxAgeInSeconds: "5" }] },
    });
    expect(Object.keys(tree)).toEqual(["HourMetrics", "Cors"]);
  });

  it("writes attributes and unwrapped arrays", () => {
    expect({ ...(toXmlShape(unwrappedDocument.shape, { Name: "n", items: [1, 2] }, "Batch") as object) }).toEqual({ Name: "n", Item: ["1", "2"] });
    const listed = toXmlShape(listQueuesDocument.shape, { ServiceEndpoint: "e", QueueItems: [] }, "EnumerationResults");
    expect(JSON.parse(JSON.stringify(listed))).toEqual({ "@ServiceEndpoint": "e", Queues: { Queue: [] } });
  });

  it.each([
    [queueMessageDocument.shape, {}, "QueueMessage.MessageText is required"],
    [queueMessageDocument.shape, { MessageText: 5 }, "QueueMessage.MessageText must be a string"],
    [queueMessageDocument.shape, null, "QueueMessage must be an object"],
    [queueMessageDocument.shape, ["x"], "QueueMessage must be an object"],
    [signedIdentifiersDocument.shape, { Id: "a" }, "QueueMessage must be an array"],
    [unwrappedDocument.shape, { Name: "n", items: [1.5] }, "QueueMessage.Item[0] must be an integer"],
    [servicePropertiesDocument.shape, { HourMetrics: { Enabled: "true" } }, "QueueMessage.HourMetrics.Enabled must be a boolean"],
  ])("refuses a value that does not fit: %#", (shape, value, expected) => {
    const error = thrown(() => toXmlShape(shape, value, "QueueMessage"));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).rule).toBe("xml-value");
    expect(error.message).toBe(expected);
  });

  it("refuses text XML 1.0 cannot carry, naming the path and code point only", () => {
    const error = thrown(() => toXmlShape(queueMessageDocument.shape, { MessageText: "secret\u0001" }, "QueueMessage"));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).rule).toBe("xml-chars");
    expect(error.message).toMatch(/^QueueMessage\.MessageText holds U\+0001 at index 6/);
    expect(error.message).not.toContain("secret");
  });

  it("writes a metadata map with prototype-member names as own keys, and refuses non-XML names", () => {
    const shape: XmlShape = { type: "object", properties: [], additionalStrings: true };
    const value = JSON.parse('{"__proto__":"p","constructor":"c","toString":"t"}') as object;
    const tree = toXmlShape(shape, value, "Metadata") as Record<string, unknown>;
    expect(Object.keys(tree)).toEqual(["__proto__", "constructor", "toString"]);
    expect(Object.getOwnPropertyDescriptor(tree, "__proto__")?.value).toBe("p");
    const error = thrown(() => toXmlShape(shape, { "a b": "x" }, "Metadata")) as ValidationError;
    expect(error.rule).toBe("xml-name");
  });
});

describe("xmlArrayPathsOf", () => {
  it.each([
    [messagesListDocument, ["QueueMessagesList.QueueMessage"]],
    [listQueuesDocument, ["EnumerationResults.Queues.Queue"]],
    [signedIdentifiersDocument, ["SignedIdentifiers.SignedIdentifier"]],
    [servicePropertiesDocument, ["StorageServiceProperties.Cors.CorsRule"]],
    [unwrappedDocument, ["Batch.Item"]],
    [queueMessageDocument, []],
  ])("%#", (doc, paths) => {
    expect(xmlArrayPathsOf(doc)).toEqual(paths);
  });
});
