/**
 * Hand-written document specs in the form the generator emits, so the XML layer is tested on its own terms
 * (generated.test.ts checks the real ones).
 */
import type { XmlDocumentSpec, XmlProperty, XmlShape } from "../../src/operation/operation-spec.js";

const string: XmlShape = { type: "string" };
const integer: XmlShape = { type: "integer" };
const boolean: XmlShape = { type: "boolean" };

function element(name: string, shape: XmlShape, required = true): XmlProperty {
  return { name, xmlName: name, attribute: false, required, shape };
}

export const queueMessageDocument: XmlDocumentSpec = {
  root: "QueueMessage",
  schema: "QueueMessage",
  shape: { type: "object", properties: [element("MessageText", string)] },
};

const dequeuedMessage: XmlShape = {
  type: "object",
  properties: [
    element("MessageId", string),
    element("InsertionTime", string),
    element("ExpirationTime", string),
    element("PopReceipt", string),
    element("TimeNextVisible", string),
    element("DequeueCount", integer),
    element("MessageText", string),
  ],
};

export const messagesListDocument: XmlDocumentSpec = {
  root: "QueueMessagesList",
  schema: "DequeuedMessagesList",
  shape: { type: "array", itemName: "QueueMessage", wrapped: true, items: dequeuedMessage },
};

export const listQueuesDocument: XmlDocumentSpec = {
  root: "EnumerationResults",
  schema: "ListQueuesSegmentResponse",
  shape: {
    type: "object",
    properties: [
      { name: "ServiceEndpoint", xmlName: "ServiceEndpoint", attribute: true, required: true, shape: string },
      element("Prefix", string, false),
      element("Marker", string, false),
      element("MaxResults", integer, false),
      {
        name: "QueueItems",
        xmlName: "Queues",
        attribute: false,
        required: false,
        shape: {
          type: "array",
          itemName: "Queue",
          wrapped: true,
          items: {
            type: "object",
            properties: [
              element("Name", string),
              element("Metadata", { type: "object", properties: [], additionalStrings: true }, false),
            ],
          },
        },
      },
      element("NextMarker", string, false),
    ],
  },
};

export const signedIdentifiersDocument: XmlDocumentSpec = {
  root: "SignedIdentifiers",
  schema: "SignedIdentifiers",
  shape: {
    type: "array",
    itemName: "SignedIdentifier",
    wrapped: true,
    items: {
      type: "object",
      properties: [
        element("Id", string),
        element(
          "AccessPolicy",
          {
            type: "object",
            properties: [element("Start", string, false), element("Expiry", string, false), element("Permission", string, false)],
          },
          false,
        ),
      ],
    },
  },
};

const retentionPolicy: XmlShape = { type: "object", properties: [element("Enabled", boolean), element("Days", integer, false)] };
const metrics: XmlShape = {
  type: "object",
  properties: [
    element("Version", string, false),
    element("Enabled", boolean),
    element("IncludeAPIs", boolean, false),
    element("RetentionPolicy", retentionPolicy, false),
  ],
};

export const servicePropertiesDocument: XmlDocumentSpec = {
  root: "StorageServiceProperties",
  schema: "StorageServiceProperties",
  shape: {
    type: "object",
    properties: [
      element(
        "Logging",
        {
          type: "object",
          properties: [
            element("Version", string),
            element("Delete", boolean),
            element("Read", boolean),
            element("Write", boolean),
            element("RetentionPolicy", retentionPolicy),
          ],
        },
        false,
      ),
      element("HourMetrics", metrics, false),
      element("MinuteMetrics", metrics, false),
      {
        name: "Cors",
        xmlName: "Cors",
        attribute: false,
        required: false,
        shape: {
          type: "array",
          itemName: "CorsRule",
          wrapped: true,
          items: {
            type: "object",
            properties: [
              element("AllowedOrigins", string),
              element("AllowedMethods", string),
              element("AllowedHeaders", string),
              element("ExposedHeaders", string),
              element("MaxAgeInSeconds", integer),
            ],
          },
        },
      },
    ],
  },
};

/** An object with an unwrapped array property: items sit directly in the parent. */
export const unwrappedDocument: XmlDocumentSpec = {
  root: "Batch",
  schema: "Batch",
  shape: {
    type: "object",
    properties: [
      element("Name", string),
      { name: "items", xmlName: "Item", attribute: false, required: false, shape: { type: "array", itemName: "Item", wrapped: false, items: integer } },
    ],
  },
};
