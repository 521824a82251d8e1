// JSON Schema + `xml` objects -> XmlShape, the form the runtime reads XML bodies by. Follows the OAS 3.1 XML
// Object: `xml.name` on a property renames its element, on an array names the wrapper (when `wrapped`), on the
// items names each item; `attribute: true` makes a property an attribute.
import type { XmlDocumentSpec, XmlProperty, XmlShape } from "../../src/operation/operation-spec.js";
import { refName, resolve, specError } from "./spec-model.js";
import type { OpenApiDocument, Schema } from "./spec-model.js";

/** The XML document a body schema describes; `ref` is a `#/components/schemas/...` reference. */
export function xmlDocumentOf(spec: OpenApiDocument, ref: string): XmlDocumentSpec {
  const name = refName(ref);
  const schema = resolve<Schema>(spec, { $ref: ref });
  const root = schema.xml?.name;
  if (!root) specError(ref, "an XML body schema needs xml.name (its root element)");
  if (schema.type === "array" && schema.xml?.wrapped !== true) {
    specError(ref, "an array at the document root must be wrapped (xml.wrapped: true): the root element wraps it");
  }
  return { root, schema: name, shape: shapeOf(spec, schema, ref) };
}

function shapeOf(spec: OpenApiDocument, schemaOrRef: Schema, where: string): XmlShape {
  const schema = resolve(spec, schemaOrRef);
  if (schema.oneOf || schema.anyOf || schema.allOf) specError(where, "composition is not supported in XML bodies");
  switch (schema.type) {
    case "string":
      return { type: "string" };
    case "integer":
      return { type: "integer" };
    case "boolean":
      return { type: "boolean" };
    case "array": {
      if (!schema.items) specError(where, "array without items");
      const items = resolve(spec, schema.items);
      const itemName = items.xml?.name;
      if (!itemName) specError(where, "array items need xml.name (the repeated element's name)");
      return { type: "array", itemName, wrapped: schema.xml?.wrapped === true, items: shapeOf(spec, items, where) };
    }
    case "object":
      return objectShapeOf(spec, schema, where);
    default:
      return specError(where, `type ${String(schema.type)} is not supported in XML bodies`);
  }
}

function objectShapeOf(spec: OpenApiDocument, schema: Schema, where: string): XmlShape {
  const required = new Set(schema.required ?? []);
  const properties: XmlProperty[] = Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const at = `${where}.${name}`;
    if (property.$ref && resolve(spec, property).xml?.name) {
      // OAS leaves open whether a referenced schema's xml.name renames the property; refuse the ambiguity.
      specError(at, "a schema referenced by a property must not carry xml.name; put xml.name beside the property");
    }
    const shape = shapeOf(spec, property, at);
    const attribute = property.xml?.attribute === true;
    if (attribute && shape.type !== "string" && shape.type !== "integer" && shape.type !== "boolean") {
      specError(at, "an attribute must be a scalar");
    }
    // An unwrapped array has no element of its own: each item is an element named by the items.
    const xmlName = shape.type === "array" && !shape.wrapped ? shape.itemName : (property.xml?.name ?? name);
    return { name, xmlName, attribute, required: required.has(name), shape };
  });
  for (const name of required) {
    if (!schema.properties?.[name]) specError(where, `required property ${name} is not defined`);
  }
  const extra = schema.additionalProperties;
  if (extra === undefined || extra === false) return { type: "object", properties };
  if (extra === true || resolve(spec, extra).type !== "string") {
    specError(where, "additionalProperties must be a string schema (a map of element names to text)");
  }
  return { type: "object", properties, additionalStrings: true };
}

/** Dotted element paths, from the root element, of every element that may repeat. Sorted. */
export function xmlArrayPathsOf(documents: Iterable<XmlDocumentSpec>): string[] {
  const paths = new Set<string>();
  const visit = (shape: XmlShape, path: string): void => {
    if (shape.type === "array") {
      // An unwrapped array's property is already named after its items (see objectShapeOf).
      const itemPath = shape.wrapped ? `${path}.${shape.itemName}` : path;
      paths.add(itemPath);
      visit(shape.items, itemPath);
    } else if (shape.type === "object") {
      for (const property of shape.properties) {
        if (!property.attribute) visit(property.shape, `${path}.${property.xmlName}`);
      }
    }
  };
  for (const document of documents) visit(document.shape, document.root);
  return [...paths].sort();
}
