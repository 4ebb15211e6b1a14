// Lint rules, including the import zones of design.md §2: dependencies point inward.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** A zone: files that may not import anything matching `regex`. */
const zone = (files, regex, message) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ regex, message }] }] },
});

const srcModules = [
  'config',
  'log',
  'store',
  'audit',
  'policy',
  'planner',
  'orchestrator',
  'gateway',
  'memory',
  'http',
  'cli',
  'rollout',
  'drills',
  'replay',
  'telemetry',
];
const chatSdks = '@slack/|discord\\.js|matrix-js-sdk';
const otherSdks = 'better-sqlite3|@langchain/|langchain|winston|prom-client';

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'coverage/', 'data/', 'bench/results/', 'adapters/chat/console/web/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Plain JavaScript run by node before any TypeScript tooling (the launcher and the build script).
    files: ['bin/**/*.js', 'scripts/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['test/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  zone(['src/core/**'], '^(?!zod$|node:|\\./)', 'src/core imports only zod and node builtins.'),
  zone(
    ['adapters/**', 'skills/**'],
    `^(${otherSdks})|/src/(${srcModules.join('|')})/|^\\.\\./\\.\\./\\.\\./(adapters|skills)/`,
    'adapters and skills import src/core (and their own SDK) only.',
  ),
  ...srcModules.map((m) =>
    zone(
      [`src/${m}/**`],
      [
        `^\\.\\./(${srcModules.filter((o) => o !== m).join('|')})/`,
        '/adapters/|/skills/',
        `^(${chatSdks})`,
        ...(m === 'store' ? [] : ['^better-sqlite3']),
        ...(m === 'planner' ? [] : ['^(@langchain/|langchain)']),
        ...(m === 'log' ? [] : ['^winston']),
        ...(m === 'http' ? [] : ['^prom-client']),
        ...(m === 'telemetry' ? [] : ['^@opentelemetry/']),
      ].join('|'),
      `src/${m} talks to other modules through src/core interfaces; only app.ts and main.ts wire across.`,
    ),
  ),
);
