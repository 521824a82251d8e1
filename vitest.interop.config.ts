import { defineConfig } from "vitest/config";

/**
 * `npm run test:interop`: azqueue against other clients of the same Azurite (the Python reference and modern
 * SDKs, the official JavaScript SDK). Separate from `npm test` because the Python peers come from Debian packages
 * that a machine with only npm lacks; its files are *.interop.ts, which the main config does not include.
 */
export default defineConfig({
  resolve: { conditions: ["@azqueue/source", "node", "import", "default"] },
  ssr: { resolve: { conditions: ["@azqueue/source", "node", "import", "default"], externalConditions: ["@azqueue/source", "node"] } },
  test: {
    include: ["test/interop/**/*.interop.ts"],
    globalSetup: ["test/interop/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ["default", "./test/interop/matrix-reporter.ts"],
  },
});
