/** Jest runs the TypeScript logic that imports nothing from JupyterLab (protocol, scan, format). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }]
  },
  testRegex: '\\.spec\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json']
};
