import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * End-to-end and entry-point files take seconds each, the rest milliseconds. On two workers the
 * run ends when the last long file does, so the long ones start first and the short ones fill in.
 */
class LongFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const long = (file: TestSpecification) => /[\\/]test[\\/](e2e|entry)[\\/]/.test(file.moduleId);
    return [...sorted.filter(long), ...sorted.filter((file) => !long(file))];
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // End-to-end tests start real processes and servers; two cores do not like more.
    maxWorkers: 2,
    // Each worker imports src/ and discord.js once for all its files instead of once per file:
    // per-file isolation cost about 2.5× the CPU of the tests themselves. Tests put back what
    // they change (timers, process.env) and keep their state in what they create.
    isolate: false,
    sequence: { sequencer: LongFilesFirst },
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
