import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 15_000,
    hookTimeout: 20_000,
    // End-to-end suites open real ports and SQLite files; two workers match the two cores CI has.
    maxWorkers: 2,
  },
});
