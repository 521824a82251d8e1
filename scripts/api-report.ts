// `npm run api:check` / `npm run api:update`: the public surface of each entry, from the built declarations, against
// the committed review/*.api.md (API Extractor). A change of the surface is then a visible diff in review.
// Also fails when a public signature uses a type its entry does not export, which users could not name.
import { Extractor, ExtractorConfig, type ExtractorMessage } from "@microsoft/api-extractor";
import { fileURLToPath } from "node:url";

export const CONFIGS = ["api-extractor.json", "api-extractor.client.json"];

// azqueue/client's `paths`, `components` and `QueueOperations` alias the generated schema module on purpose: its
// thousands of generated members stay out of the API reference, and the report shows them in full.
const GENERATED_SCHEMA = /The symbol "schema" needs to be exported/;

function check(update: boolean): number {
  let failures = 0;
  for (const file of CONFIGS) {
    const config = ExtractorConfig.loadFileAndPrepare(fileURLToPath(new URL(`../${file}`, import.meta.url)));
    const forgotten: string[] = [];
    const result = Extractor.invoke(config, {
      localBuild: update,
      messageCallback: (message: ExtractorMessage) => {
        if (message.messageId === "ae-forgotten-export" && !GENERATED_SCHEMA.test(message.text)) {
          forgotten.push(`${message.sourceFilePath ?? "?"}:${message.sourceFileLine ?? "?"} ${message.text}`);
        }
      },
    });
    for (const line of forgotten) console.error(`error: ${line}`);
    if (!result.succeeded || forgotten.length > 0) {
      failures++;
      if (result.apiReportChanged && !update) {
        console.error(`${config.reportFilePath} differs from the built declarations: review the change, then npm run api:update`);
      }
    }
  }
  return failures === 0 ? 0 : 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = check(process.argv.includes("--update"));
