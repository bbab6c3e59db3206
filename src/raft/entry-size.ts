import type { Entry } from './types';

/**
 * What the byte bounds count (RaftByteLimits): an entry's payload. The
 * leader's empty no-op entries are free, so electing a leader is never
 * refused for want of room (etcd's payloadSize).
 */
export function entryBytes(e: Entry): number {
  return e.data.length;
}

export function entriesBytes(ents: readonly Entry[]): number {
  let n = 0;
  for (const e of ents) n += entryBytes(e);
  return n;
}

/**
 * The longest prefix of `ents` within `maxBytes`, but never empty when `ents`
 * is not: an entry larger than the bound goes alone (etcd limitSize), or it
 * could never be sent or applied.
 */
export function limitBytes<T extends Entry>(ents: T[], maxBytes: number | undefined): T[] {
  if (maxBytes === undefined || ents.length <= 1) return ents;
  let size = 0;
  for (let i = 0; i < ents.length; i++) {
    size += entryBytes(ents[i] as T);
    if (size > maxBytes && i > 0) return ents.slice(0, i);
  }
  return ents;
}
