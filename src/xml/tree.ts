/**
 * The object tree fast-xml-parser produces (and fast-xml-builder consumes) as configured in this folder: the
 * conventions the parser, the builder and the shape mappers share, named once.
 */

/**
 * Prefix of attribute keys. `@` cannot start an XML name, so an attribute key never collides with an element.
 */
export const ATTRIBUTE_PREFIX = "@";

/** Key of an element's text when it also has attributes or children; `#` cannot start an XML name either. */
export const TEXT_KEY = "#text";

/**
 * One element's value in the tree: a string for a text-only (or empty) element, an object for an element with
 * children or attributes, an array where the element repeats or its path is declared an array.
 */
export type XmlTreeValue = string | XmlTreeObject | XmlTreeValue[];
export interface XmlTreeObject {
  [key: string]: XmlTreeValue;
}

// fast-xml-parser 5 throws on the element names `__proto__`, `constructor` and `prototype` ("[SECURITY] Invalid
// name") and renames `toString`, `hasOwnProperty`, `valueOf` and the other Object.prototype members to `__toString`
// etc., which then collides with a real `__toString` element. Queue metadata names are C# identifiers, and all of
// these are legal ones. So every name that could shadow or pollute an object's prototype is escaped before the
// library sees it (its `transformTagName` runs before its own check), reversibly: `$` cannot start an XML name.
const ESCAPE = "$";
const ESCAPE_CODE = 0x24;
const PROTOTYPE_NAMES: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), "prototype"]);

/**
 * The key an element name has in the tree.
 *
 * @example
 * escapeTagName("constructor"); // "$constructor"
 * escapeTagName("MessageText"); // "MessageText"
 */
export function escapeTagName(name: string): string {
  return PROTOTYPE_NAMES.has(name) || name.charCodeAt(0) === ESCAPE_CODE ? ESCAPE + name : name;
}

/**
 * The element name a tree key stands for; the inverse of `escapeTagName`.
 *
 * @example
 * unescapeTagName("$constructor"); // "constructor"
 */
export function unescapeTagName(key: string): string {
  return key.charCodeAt(0) === ESCAPE_CODE ? key.slice(1) : key;
}
