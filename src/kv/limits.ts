/**
 * Size limits on client input, part of the documented API. Checked when a
 * request arrives (validate.ts), never when an entry is applied: apply must
 * give the same result on every node and every version, and a limit changed
 * in a later release must not make old log entries apply differently.
 */

/** Longest key, in bytes of its UTF-8 encoding (not characters). Keys must also be non-empty. */
export const MAX_KEY_BYTES = 4096;

/** Largest value, in bytes: 1 MiB. Empty values are allowed. */
export const MAX_VALUE_BYTES = 1_048_576;

/**
 * Most compares in one Txn, and most operations in each of its branches
 * (etcd's default --max-txn-ops). Bounds the work one log entry does on every
 * node and the size of its response.
 */
export const MAX_TXN_COMPARES = 128;
export const MAX_TXN_OPS_PER_BRANCH = 128;

/**
 * Largest write request, in bytes of its log entry (the encoded Command):
 * 1.5 MiB. A Txn of many puts could otherwise carry 128 values of 1 MiB into
 * one entry, which every node must hold in memory, fsync, replicate and
 * apply in one go. Checked on the encoded command, so the bound is exactly
 * what enters the log. A single Put of the largest key and value fits.
 */
export const MAX_WRITE_REQUEST_BYTES = 1_572_864;

/** Shortest and longest lease TTL a client may ask for, in seconds (etcd's bounds). */
export const MIN_LEASE_TTL_SECONDS = 2;
export const MAX_LEASE_TTL_SECONDS = 9_000_000_000;

/** Keys per Range page when the request says limit 0, and the most a request may ask for. */
export const DEFAULT_RANGE_LIMIT = 1000;
export const MAX_RANGE_LIMIT = 10_000;

/**
 * A Range page also ends once its keys and values reach 2 MiB (it always
 * holds at least one key), so a response stays far below gRPC's 4 MiB
 * default receive limit whatever the limit asked.
 *
 * The range operations of one Txn share ONE such budget (128 ranges of 2 MiB
 * each would make a 256 MiB response). They spend it in order; once it is
 * spent, a later range returns the keys that still fit, possibly none, with
 * more = true and a next_page_token to continue with Range outside the Txn.
 * Only the first range that reads a key is sure to return one. The budget is
 * applied when the entry is applied (src/kv/txn-apply.ts) and counts only the
 * data, so every node cuts the same pages; it shapes the response, never the
 * state, so a later release may change it without replicas diverging.
 */
export const MAX_RANGE_PAGE_BYTES = 2_097_152;
