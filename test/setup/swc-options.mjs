/**
 * How the tests compile TypeScript: the options `nest build` uses for dist/ (@nestjs/cli's
 * swcDefaultsFactory for an ESM project), so the tests run the code as it ships. Shared by the
 * test runner's module hooks (native-runner/ts-hooks.mjs) and Jest's own transform (jest.config.js).
 */
export const SWC_OPTIONS = {
  module: { type: 'es6' },
  jsc: {
    target: 'es2021',
    parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    keepClassNames: true,
    experimental: { keepImportAttributes: true },
  },
  sourceMaps: 'inline',
};
