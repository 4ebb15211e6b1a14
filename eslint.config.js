// Lint rules, including the import zones of design.md §2: dependencies point inward.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Imports a zone may never make; each entry becomes a `no-restricted-imports` pattern group. */
const zone = (files, groups, message) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }] },
});

const sdks = ['better-sqlite3', '@slack/*', 'discord.js', 'matrix-js-sdk', '@langchain/*', 'langchain', 'winston'];
const srcModules = ['config', 'log', 'store', 'audit', 'policy', 'planner', 'orchestrator', 'gateway', 'memory', 'http', 'cli'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', 'data/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  zone(['src/core/**'], ['!zod', '*', '!./*', '!../core/*', '../*', '../../*'], 'src/core imports only zod.'),
  zone(
    ['adapters/**', 'skills/**'],
    [...sdks.filter((s) => s !== '@slack/*' && s !== 'discord.js' && s !== 'matrix-js-sdk'), ...srcModules.map((m) => `**/src/${m}/**`)],
    'adapters and skills import src/core (and their own SDK) only.',
  ),
  ...srcModules.map((m) =>
    zone(
      [`src/${m}/**`],
      [
        ...srcModules.filter((o) => o !== m).map((o) => `../${o}/**`),
        ...srcModules.filter((o) => o !== m).map((o) => `../../${o}/**`),
        '**/adapters/**',
        '**/skills/**',
        ...(m === 'store' ? [] : ['better-sqlite3']),
        ...(m === 'planner' ? [] : ['@langchain/*', 'langchain']),
        ...(m === 'log' ? [] : ['winston']),
      ],
      `src/${m} talks to other modules through src/core interfaces; only app.ts and main.ts wire across.`,
    ),
  ),
);
