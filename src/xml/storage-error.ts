/**
 * Reads the service's error body (`<Error><Code>..</Code><Message>..</Message></Error>`) for `AzureHttpError`.
 * An error response may carry anything (nothing, an HTML page from a proxy, a cut-off body), so this never fails:
 * what cannot be read is simply absent. The body is read with fast-xml-parser, loaded on the first error that has
 * one; if the library cannot be loaded (a browser that cannot fetch its chunk), nothing is read either.
 */
import { loadXmlLibrary } from "./load-xml-library.js";
import type { XmlTreeParser } from "./xml-library.js";
import { TEXT_KEY, type XmlTreeValue } from "./tree.js";

export interface StorageErrorDetail {
  /** `<Code>`, e.g. "PopReceiptMismatch". */
  readonly code?: string;
  /** The first line of `<Message>`: the service appends "\nRequestId:...\nTime:..." to the sentence itself. */
  readonly message?: string;
}

let parser: XmlTreeParser | undefined;

/**
 * The code and message of a StorageError body; `{}` when there is none. The promise never rejects.
 *
 * @example
 * await parseStorageError("<Error><Code>QueueNotFound</Code><Message>The specified queue does not exist.\nRequestId:1</Message></Error>");
 * // { code: "QueueNotFound", message: "The specified queue does not exist." }
 */
export async function parseStorageError(bodyText: string): Promise<StorageErrorDetail> {
  // Without a tag there is no element to read (an empty body, a proxy's plain text): no need to load the library.
  if (!bodyText.includes("<")) return {};
  let tree: { root: string; value: XmlTreeValue };
  try {
    parser ??= (await loadXmlLibrary()).createXmlParser([]);
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
