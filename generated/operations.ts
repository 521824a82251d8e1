// Placeholder until `npm run generate` writes this file from spec/queue.openapi.yaml.
export type { XmlShape, XmlProperty, XmlDocumentSpec, OperationSpec } from "../scripts/operation-types.js";
export const operations = {} as const;
