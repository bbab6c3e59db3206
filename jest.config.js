// Jest runs the four tiers of DESIGN.md §4 as projects, so each can be run
// alone (`--selectProjects sim`) and `npm test` runs the first three.
// Transpile only: `npm run lint` type-checks the whole tree once, so each
// test file need not be type-checked again.
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
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
