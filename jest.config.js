/** @type {import('jest').Config} */
// oidc-provider and jose are ES modules only: jest (CommonJS) gets them through swc like our own TypeScript.
const esmPackages = ['oidc-provider', 'jose'];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }],
    [`/node_modules/(${esmPackages.join('|')})/.+\\.js$`]: ['@swc/jest', { jsc: { target: 'es2022' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  maxWorkers: 2,
  testTimeout: 20000,
  setupFiles: ['<rootDir>/test/support/setup-env.ts', '<rootDir>/test/support/quiet-oidc-runtime-warning.ts'],
};
