import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Layers import downward only: events → commands → services (feed, tradebots) → steam/store,
// with format/ as pure rendering beside commands. Each rule names the folders a layer may not
// reach; `npm run lint` fails when a layer is crossed.
const layer = (folders, extra = []) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        ...folders.map((folder) => ({
          regex: `^(\\.\\./)+${folder}(/|\\.js$)`,
          message: `layering: this folder may not import from ${folder}/ (see eslint.config.js)`,
        })),
        ...extra,
      ],
    },
  ],
});
const discord = {
  regex: '^(discord\\.js|@discordjs/)',
  message: 'layering: this folder may not depend on Discord (see eslint.config.js)',
};
const above = {
  events: ['app', 'index', 'ops'],
  commands: ['events', 'app', 'index', 'ops'],
  services: ['commands', 'events', 'app', 'index', 'ops'],
  format: ['commands', 'events', 'feed', 'services', 'app', 'index', 'ops'],
  steam: [
    'commands',
    'events',
    'feed',
    'services',
    'tradebots',
    'format',
    'ops',
    'app',
    'index',
    'context',
    'permissions',
  ],
  store: ['commands', 'events', 'feed', 'services', 'tradebots', 'format', 'steam', 'ops', 'app', 'index', 'context'],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Node's built-in ICU data is mapped on first use and stays resident for as long as the bot
    // runs (about 2 MB for collation, 7 MB for number formats): issue 13's idle-memory budget.
    // Counts go through format/text.ts thousands(), item names through steam/inventoryGroups.ts
    // byItemName().
    files: ['src/**'],
    rules: {
      'no-restricted-globals': ['error', { name: 'Intl', message: 'maps ICU data that stays resident (issue 13)' }],
      'no-restricted-properties': [
        'error',
        ...['localeCompare', 'toLocaleString', 'toLocaleDateString', 'toLocaleTimeString'].map((property) => ({
          property,
          message: 'maps ICU data that stays resident (issue 13): use thousands() or byItemName()',
        })),
      ],
    },
  },
  { files: ['src/events/**'], rules: layer(above.events) },
  { files: ['src/commands/**'], rules: layer(above.commands) },
  { files: ['src/feed/**', 'src/services/**'], rules: layer(above.services) },
  { files: ['src/tradebots/**'], rules: layer([...above.services, 'feed', 'format'], [discord]) },
  { files: ['src/format/**'], rules: layer(above.format) },
  { files: ['src/steam/**'], rules: layer(above.steam, [discord]) },
  { files: ['src/store/**'], rules: layer(above.store, [discord]) },
  {
    files: ['bench/**', 'test/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
);
