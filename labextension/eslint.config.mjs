// ESLint 9 flat config: the recommended JavaScript and typescript-eslint rules, formatting left to prettier.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['lib/', 'node_modules/', '.yarn/', 'coverage/', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      // JupyterLab's convention for interfaces (IColumnState), used throughout protocol.ts
      '@typescript-eslint/naming-convention': [
        'error',
        { selector: 'interface', format: ['PascalCase'], custom: { regex: '^I[A-Z]', match: true } }
      ],
      '@typescript-eslint/no-unused-vars': ['error', { args: 'none', varsIgnorePattern: '^_' }],
      // a few JupyterLab APIs are typed loosely; an explicit `any` there is a choice, so warn only
      '@typescript-eslint/no-explicit-any': 'warn',
      eqeqeq: ['error', 'smart'],
      curly: ['error', 'all']
    }
  },
  {
    // the error output's ANSI colour codes (ESC, \u001b) are stripped on purpose before scanning
    files: ['src/piiscan.ts'],
    rules: { 'no-control-regex': 'off' }
  },
  {
    // CommonJS configuration files (jest.config.js) run in Node
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } }
  },
  // last: turns off the rules that would fight prettier's formatting
  prettier
);
