/**
 * Sizes libuv's thread pool before anything uses it (imported first by the
 * raftkv entry point). LevelDB runs every read, batch and fsync there, beside
 * Node's own file and DNS work; with Node's default of 4 threads, two syncs
 * and a couple of reads in flight left serializable reads and the apply
 * queue waiting for a thread. An operator's own UV_THREADPOOL_SIZE wins.
 */
const RAFTKV_THREADPOOL_SIZE = 16;

process.env.UV_THREADPOOL_SIZE ??= String(RAFTKV_THREADPOOL_SIZE);

export {};
