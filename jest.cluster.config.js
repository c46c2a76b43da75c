// The cluster suite (`npm run test:cluster`): against a local 3-node Galera cluster started by
// scripts/galera-cluster.sh, never part of the plain `npm test`. One file at a time: they share the cluster.
const { projects } = require('./jest.config');

const [unit] = projects;
module.exports = {
  ...unit,
  displayName: 'cluster',
  testMatch: ['<rootDir>/test/cluster/**/*.cluster-spec.ts'],
  maxWorkers: 1,
  testTimeout: 240_000,
  slowTestThreshold: 120,
  // An instance that failed to start may leave its pool open: the suite's verdict must not wait on it.
  forceExit: true,
};
