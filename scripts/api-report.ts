// `npm run api:check` / `npm run api:update`: the public surface of each entry, from the built declarations, against
// the committed review/*.api.md (API Extractor). A change of the surface is then a visible diff in review.
// Also fails when a public signature uses a type its entry does not export, which users could not name.
import { Extractor, ExtractorConfig } from "@microsoft/api-extractor";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const CONFIGS = ["api-extractor.json", "api-extractor.client.json", "api-extractor.contract.json"];

// azqueue/client's `paths`, `components` and `QueueOperations` alias the generated schema module on purpose: its
// thousands of generated members stay out of the API reference (the generated file itself is the record of them).
const ALLOWED_FORGOTTEN = /The symbol "schema" needs to be exported/;

function check(update: boolean): number {
  let failures = 0;
  for (const file of CONFIGS) {
    const config = ExtractorConfig.loadFileAndPrepare(fileURLToPath(new URL(`../${file}`, import.meta.url)));
    const result = Extractor.invoke(config, { localBuild: update });
    // API Extractor writes forgotten exports into the report (addToApiReportFile) instead of reporting them.
    const forgotten = config.reportConfigs.flatMap((report) =>
      readFileSync(join(config.reportTempFolder, report.fileName), "utf8")
        .split("\n")
        .filter((line) => line.includes("(ae-forgotten-export)") && !ALLOWED_FORGOTTEN.test(line))
        .map((line) => `${report.fileName}: ${line.replace(/^\/\/ Warning: /, "")}`),
    );
    for (const line of forgotten) console.error(`error: ${line}`);
    if (!result.succeeded || forgotten.length > 0) {
      failures++;
      if (result.apiReportChanged && !update) {
        const reports = config.reportConfigs.map((report) => join(config.reportFolder, report.fileName)).join(", ");
        console.error(`${reports} differ from the built declarations: review the change, then npm run api:update`);
      }
    }
  }
  return failures === 0 ? 0 : 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = check(process.argv.includes("--update"));
