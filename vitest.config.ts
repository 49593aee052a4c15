import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/helpers/global-setup.ts"],
    pool: "forks",
    // Test files share their worker's module cache: each file still opens its own database, and no test
    // mocks modules. Loading the server's modules once per worker instead of once per file takes about
    // a third off the suite's time.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ["default"],
  },
});
