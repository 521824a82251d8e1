/**
 * The shape of the per-operation data the generator writes into generated/operations.ts from the spec, and the
 * runtime reads to build requests and read responses. The generated file imports these types (types only: at run
 * time generated/ depends on nothing).
 */

/** How an XML element's content maps to a value of the typed client. */
export type XmlShape =
  | { readonly type: "string" }
  | { readonly type: "integer" }
  | { readonly type: "boolean" }
  | {
      readonly type: "object";
      readonly properties: readonly XmlProperty[];
      /** A map of free element names to strings (queue metadata), when the schema has `additionalProperties`. */
      readonly additionalStrings?: boolean;
    }
  | {
      readonly type: "array";
      /** Element name of each item. */
      readonly itemName: string;
      /**
       * true: items sit inside a wrapper element named by the property (`<Queues><Queue/>...</Queues>`) or, when the
       * array is a document's whole shape, inside the root element (`<SignedIdentifiers><SignedIdentifier/>...`).
       */
      readonly wrapped: boolean;
      readonly items: XmlShape;
    };

export interface XmlProperty {
  /** Property name in the typed object (the schema's). */
  readonly name: string;
  /** Element or attribute name on the wire. */
  readonly xmlName: string;
  readonly attribute: boolean;
  readonly required: boolean;
  readonly shape: XmlShape;
}

/** A named XML document: its root element and the shape of the root's content. */
export interface XmlDocumentSpec {
  readonly root: string;
  /** The components/schemas name. */
  readonly schema: string;
  readonly shape: XmlShape;
}

/** Everything the runtime needs to build and read one operation's requests, from its spec entry. */
export interface OperationSpec {
  readonly operationId: string;
  readonly method: "GET" | "PUT" | "POST" | "DELETE";
  /** The spec's path key, fixed query included, e.g. "/{queue}?comp=metadata". */
  readonly pathKey: string;
  /** The path template alone, e.g. "/{queue}". */
  readonly path: string;
  readonly pathParams: readonly string[];
  /** Discriminator query parameters with their constant values, e.g. { comp: "metadata" }. */
  readonly fixedQuery: Readonly<Record<string, string>>;
  /** Query parameters a caller may set (the fixed ones excluded), in spec order. */
  readonly queryParams: readonly string[];
  /** Request headers a caller may set, lower-case; transport-owned ones (x-ms-version, x-ms-date, ...) excluded. */
  readonly requestHeaders: readonly string[];
  /** true when the operation takes `x-ms-meta-*` headers. */
  readonly requestMetadata: boolean;
  readonly requestBody?: XmlDocumentSpec & { readonly required: boolean };
  /** The XML body of the success response, when it has one. */
  readonly responseBody?: XmlDocumentSpec;
  readonly successStatuses: readonly number[];
  /** Success response headers, lower-case; "x-ms-meta-*" when the response carries metadata. */
  readonly responseHeaders: readonly string[];
  /** A read that changes nothing, so a failed attempt may be retried on the secondary endpoint. */
  readonly readOnly: boolean;
  /** The endpoint that serves the operation: Service_GetStatistics is answered by the secondary only. */
  readonly endpoint: "primary" | "secondary";
}
