// ESLint flat config: type-aware typescript-eslint rules for the application, a lighter set for
// tests and benchmarks, and eslint-config-prettier last so layout is Prettier's business alone.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import baseline from './eslint.baseline.mjs';

export default tseslint.config(
  { ignores: ['dist/', 'dist-bench/', 'coverage/', 'var/', 'data/', 'bench/results/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_`-prefixed parameters and destructured leftovers are deliberate (Nest signatures, omitting a field).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Fire-and-forget is allowed only when spelled `void promise` (with a comment saying why).
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      // Nest route handlers and Fastify hooks are async on purpose; passing them where a void callback is expected is fine.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      // Validators and exporters match control characters on purpose (to refuse or escape them).
      'no-control-regex': 'off',
      // TypeORM's postgres driver answers an UPDATE/DELETE … RETURNING with [rows, affected], not rows:
      // `const [row] = await m.query('UPDATE … RETURNING …')` reads the array. Twice that shipped a bug.
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.property.name='query'][arguments.0.type='TemplateLiteral'][arguments.0.quasis.0.value.raw=/^\\s*(UPDATE|DELETE)\\b[\\s\\S]*\\bRETURNING\\b/i]",
          message: 'UPDATE/DELETE … RETURNING through query() answers [rows, affected]: use updateReturning() from src/database/sql.ts.',
        },
      ],
    },
  },
  {
    // Tests and benchmarks poke at untyped JSON answers and private internals: `any` is allowed there,
    // but promises must still be awaited (a floating promise in a test is an assertion that never runs).
    files: ['test/**/*.ts', 'bench/**/*.ts', '**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  ...baseline,
  prettier,
);
