import { configDefaults, defineConfig } from "vitest/config";

/** Checks the traffic every other test file sent to the suite's Azurite, so it runs after all of them. */
const CONTRACT_CHECK = "test/contract/recorded-traffic.test.ts";
/** The scenario in every JavaScript runtime: builds dist/ first, so it runs after the package test's build. */
const RUNTIMES = "test/runtimes/*.runtime.test.ts";

export default defineConfig({
  resolve: { conditions: ["@azqueue/source", "node", "import", "default"] },
  ssr: { resolve: { conditions: ["@azqueue/source", "node", "import", "default"], externalConditions: ["@azqueue/source", "node"] } },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "azqueue",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, CONTRACT_CHECK, RUNTIMES],
          globalSetup: ["test/harness/global-setup.ts"],
          // Groups run one after the other, lowest first. Not 0: without file parallelism (--no-file-parallelism)
          // vitest moves the files of group-0 projects to a last group of their own, after the contract check.
          sequence: { groupOrder: 1 },
          typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
        },
      },
      {
        extends: true,
        test: { name: "contract", include: [CONTRACT_CHECK], sequence: { groupOrder: 2 } },
      },
      {
        extends: true,
        test: { name: "runtimes", include: [RUNTIMES], globalSetup: ["test/runtimes/global-setup.ts"], sequence: { groupOrder: 3 }, testTimeout: 120_000 },
      },
    ],
  },
});
