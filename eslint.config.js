import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'web/dist'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/sandbox/**'], message: 'src/ talks to the sandbox over HTTP only' }] }],
    },
  },
  {
    files: ['bin/**', 'test/**', 'bench/**', 'sandbox/**', 'scripts/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
