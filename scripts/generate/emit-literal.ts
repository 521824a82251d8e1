// Plain data -> TypeScript literal source, formatted the same way every run (no formatter needed).

/** Source code inserted as is, e.g. a reference to another generated constant. */
export class Code {
  constructor(readonly text: string) {}
}

export type Literal = string | number | boolean | Code | readonly Literal[] | { readonly [key: string]: Literal | undefined };

const LINE_WIDTH = 120;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function toLiteral(value: Literal, indent = ""): string {
  if (value instanceof Code) return value.text;
  if (typeof value !== "object") return JSON.stringify(value);
  const entries = Array.isArray(value)
    ? (value as readonly Literal[]).map((item) => ["", item] as const)
    : Object.entries(value).filter((entry): entry is [string, Literal] => entry[1] !== undefined);
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  if (entries.length === 0) return `${open}${close}`;
  const key = (name: string): string => (name === "" ? "" : `${IDENTIFIER.test(name) ? name : JSON.stringify(name)}: `);
  const inner = `${indent}  `;
  const items = entries.map(([name, item]) => `${key(name)}${toLiteral(item, inner)}`);
  const spaced = Array.isArray(value) ? "" : " ";
  const oneLine = `${open}${spaced}${items.join(", ")}${spaced}${close}`;
  // Records of scalars (a property row with its scalar shape) stay on one line even when long: easier to scan.
  const fits = indent.length + oneLine.length <= LINE_WIDTH || isFlatRecord(value);
  if (!oneLine.includes("\n") && fits) return oneLine;
  return `${open}\n${items.map((item) => `${inner}${item},\n`).join("")}${indent}${close}`;
}

function isScalar(value: Literal | undefined): boolean {
  return typeof value !== "object" || value instanceof Code;
}

// An object whose values are scalars or objects of scalars, e.g. `{ name: "Id", ..., shape: { type: "string" } }`.
function isFlatRecord(value: Literal): boolean {
  const valuesOf = (record: Literal): readonly (Literal | undefined)[] | undefined =>
    isScalar(record) || Array.isArray(record) ? undefined : Object.values(record as Record<string, Literal>);
  return (valuesOf(value) ?? [undefined]).every(
    (child) => child !== undefined && (isScalar(child) || (valuesOf(child)?.every(isScalar) ?? false)),
  );
}
