import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // End-to-end tests start real processes and servers; two cores do not like more.
    maxWorkers: 2,
    // `npm run coverage`: line coverage of the code the tests run in-process. The bot processes
    // that e2e tests start are not instrumented, so e2e-only paths count as uncovered here.
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      // A flaky e2e test under load must not cost the whole report.
      reportOnFailure: true,
    },
  },
});
