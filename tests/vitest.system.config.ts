import path from 'node:path';
import { defineConfig } from 'vitest/config';

// System tests (tests/system): real server processes on PostgreSQL (TEST_DB=postgres, TEST_PG_URL)
// and SQLite — several instances, load, faults, backup and restore. One file at a time: they start
// processes, a PostgreSQL cluster of their own and keep the CPU busy on purpose, so two at once
// would measure each other. Each test bounds itself; these limits are the outer guard.
export default defineConfig({
  root: path.resolve(__dirname, '..'),
  test: {
    include: ['tests/system/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
