// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'crypto',
  'os',
  'http',
  'https',
  'child_process',
  'net',
];
const io = [
  'kysely',
  'better-sqlite3',
  'pg',
  'fastify',
  'fastify-*',
  '@fastify/*',
  'react',
  'react-dom',
  'pdfkit',
];

/** The dependency rule of docs/ARCHITECTURE.md, enforced per folder. */
const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      // The service worker is a plain script served as it is (docs/ARCHITECTURE.md, "Offline").
      'apps/web/public/sw.js',
      // Two lines that start the verification worker through tsx's require hook (CommonJS).
      'apps/server/src/store/verify-worker.cjs',
      // The WAL checkpoint thread: plain JavaScript, started without tsx (wal-checkpointer.ts).
      'apps/server/src/db/wal-checkpoint-worker.cjs',
      'coverage/**',
      'bin/**',
      'data/**',
      'packages/client/src/schema.ts',
      '**/*.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['packages/domain/**/*.ts'],
    rules: restrict(
      [...nodeBuiltins, ...io, '@custody/ledger', '@custody/contracts', '@custody/server'],
      'The domain is pure: no I/O, no node:*, no other package.',
    ),
  },
  {
    files: ['packages/ledger/**/*.ts'],
    ignores: ['packages/ledger/src/platform/*-crypto.ts', 'packages/ledger/**/*.test.ts'],
    rules: restrict(
      [...nodeBuiltins, ...io, '@noble/*', '@custody/*'],
      'The ledger is pure and runs in browsers too: primitives come from #primitives only.',
    ),
  },
  {
    files: ['packages/ledger/src/platform/node-crypto.ts'],
    rules: restrict(
      ['node:*', '!node:crypto', ...nodeBuiltins.slice(1), ...io, '@noble/*', '@custody/*'],
      'The Node.js primitives use node:crypto only.',
    ),
  },
  {
    files: ['packages/ledger/src/platform/noble-crypto.ts'],
    rules: restrict(
      [...nodeBuiltins, ...io, '@custody/*'],
      'The browser primitives use @noble/hashes and @noble/curves only.',
    ),
  },
  {
    files: ['packages/contracts/**/*.ts'],
    rules: restrict(
      [...nodeBuiltins, ...io, '@custody/server', '@custody/ledger'],
      'Contracts are shared schemas: zod and the domain only.',
    ),
  },
  {
    files: ['packages/client/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict(
      [
        ...nodeBuiltins,
        ...io,
        '@custody/server',
        '@custody/domain',
        '@custody/ledger',
        '@custody/contracts',
      ],
      'The client is generated from the OpenAPI document and needs openapi-fetch only.',
    ),
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict(
        [
          ...nodeBuiltins,
          'kysely',
          'better-sqlite3',
          'pg',
          'fastify',
          '@fastify/*',
          '@custody/server',
        ],
        'The web app talks to the server over HTTP only (contracts, and the pure ledger verifier).',
      ),
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'bench/**/*.ts', '**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
