// Jest runs the four tiers of DESIGN.md §4 as projects, so each can be run
// alone (`--selectProjects sim`) and `npm test` runs the first three.
const transform = {
  '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
};
const tier = (name, extra = {}) => ({
  displayName: name,
  testEnvironment: 'node',
  transform,
  testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  ...extra,
});

module.exports = {
  projects: [tier('unit'), tier('sim'), tier('integration'), tier('system')],
  coverageDirectory: 'coverage',
  coverageReporters: ['html', 'text-summary'],
  collectCoverageFrom: ['src/**/*.ts', '!src/generated/**'],
};
