// A rejected promise nobody awaited is a bug: fail the test run on it.
process.on('unhandledRejection', (reason) => {
  throw reason instanceof Error ? reason : new Error(String(reason));
});
