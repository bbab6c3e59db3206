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
