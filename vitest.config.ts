import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './test/closing-line.reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // vitest's default, one worker fewer than the cores, is one worker on a 2-core CI machine:
    // every file ran alone while it waited on PostgreSQL, fsync, sockets and child processes and
    // while the next file loaded the app. Two workers overlap those (docs/benchmarks.md, "The
    // test suite's time in CI"). The browser files still run one at a time (fileParallelism).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'packages/*/src/**/*.test.ts',
            'apps/*/src/**/*.test.ts',
            'apps/web/src/**/*.test.tsx',
            'test/**/*.test.ts',
          ],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'int',
          include: [
            'packages/*/src/**/*.int.test.ts',
            'apps/*/src/**/*.int.test.ts',
            'apps/*/test/**/*.int.test.ts',
            'examples/**/*.int.test.ts',
          ],
          pool: 'forks',
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['apps/web/e2e/**/*.e2e.test.ts'],
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
