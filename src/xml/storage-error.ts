/**
 * Reads the service's error body (`<Error><Code>..</Code><Message>..</Message></Error>`) for `AzureHttpError`.
 * An error response may carry anything (nothing, an HTML page from a proxy, a cut-off body), so this never throws:
 * what cannot be read is simply absent.
 */
import { createXmlParser } from "./parser.js";
import { TEXT_KEY, type XmlTreeValue } from "./tree.js";

export interface StorageErrorDetail {
  /** `<Code>`, e.g. "PopReceiptMismatch". */
  readonly code?: string;
  /** The first line of `<Message>`: the service appends "\nRequestId:...\nTime:..." to the sentence itself. */
  readonly message?: string;
}

const parser = createXmlParser([]);

/**
 * The code and message of a StorageError body; `{}` when there is none.
 *
 * @example
 * parseStorageError("<Error><Code>QueueNotFound</Code><Message>The specified queue does not exist.\nRequestId:1</Message></Error>");
 * // { code: "QueueNotFound", message: "The specified queue does not exist." }
 */
export function parseStorageError(bodyText: string): StorageErrorDetail {
  let tree: { root: string; value: XmlTreeValue };
  try {
    tree = parser.parse(bodyText);
  } catch {
    return {};
  }
  if (tree.root !== "Error" || typeof tree.value !== "object" || Array.isArray(tree.value)) return {};
  const code = textOf(tree.value["Code"])?.trim();
  const message = textOf(tree.value["Message"])?.split("\n", 1)[0]!.trim();
  return { ...(code ? { code } : {}), ...(message ? { message } : {}) };
}

function textOf(value: XmlTreeValue | undefined): string | undefined {
  if (typeof value === "string") return value;
  if (value !== undefined && !Array.isArray(value) && typeof value[TEXT_KEY] === "string") return value[TEXT_KEY];
  return undefined;
}
