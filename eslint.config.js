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
  // The layers of DESIGN.md: imports point down (http → app → microsoft → crm → infrastructure).
  // test/architecture/imports.test.ts checks the same, and that there are no cycles.
  ...layer(['src/app/**'], ['http']),
  ...layer(['src/microsoft/**'], ['http', 'app']),
  ...layer(['src/crm/**'], ['http', 'app', 'microsoft']),
  ...layer(['src/db/**', 'src/jobs/**', 'src/events/**', 'src/config/**', 'src/lib/**'], ['http', 'app', 'microsoft', 'crm']),
);

/** A config block forbidding `files` to import from the upper layers named in `above`. */
function layer(files, above) {
  return [{
    files,
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/sandbox/**'], message: 'src/ talks to the sandbox over HTTP only' },
        ...above.map((dir) => ({ group: [`../**/${dir}/**`, `../${dir}/**`], message: `imports point down the layers (DESIGN.md): nothing here may import from src/${dir}` })),
      ] }],
    },
  }];
}
