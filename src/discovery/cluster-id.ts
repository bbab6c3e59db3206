/**
 * The cluster id every peer message carries, derived as etcd derives its
 * cluster ID: a hash of the initial members (sorted, so the order they are
 * listed in does not matter) and --initial-cluster-token. Every initial
 * member computes the same id from the same flags without talking to the
 * others; a second cluster started from the same peer list with another
 * token (a restore, a re-creation) gets another id, so a stray node of the
 * old one can never exchange messages with it. Not a secret: it is shown in
 * ClusterService.Status and etcd's response headers.
 *
 * It is fixed once: written into the data dir's identity at bootstrap, and a
 * joining member takes the id of the cluster it joins. A data dir written
 * before ids were derived keeps the id stored in it.
 */
import { createHash } from 'node:crypto';

/** What a derived id looks like: 16 hex digits, a uint64 as etcd shows it. */
const DERIVED = /^[0-9a-f]{16}$/;

/** The cluster id of a new cluster: 16 lowercase hex digits (a uint64, never 0). */
export function deriveClusterId(initialPeers: ReadonlyMap<string, string>, token: string): string {
  const members = [...initialPeers].map(([id, address]) => `${id}=${address}`).sort();
  const hash = createHash('sha256').update(JSON.stringify({ token, members }), 'utf8').digest();
  const id = hash.readBigUInt64BE(0);
  return (id === 0n ? 1n : id).toString(16).padStart(16, '0');
}

/** The uint64 a derived id stands for (as a decimal string); undefined for any other id (a configured or pre-derivation one). */
export function clusterIdNumber(clusterId: string): string | undefined {
  return DERIVED.test(clusterId) ? BigInt(`0x${clusterId}`).toString() : undefined;
}
