import { ClusterMismatchError, StorageError } from '../errors';

/**
 * Which node of which cluster a data directory belongs to. Written once, when
 * the node first joins or bootstraps, so a node started on someone else's
 * data (a mixed-up volume, a copied directory) refuses to run instead of
 * voting with a log that is not its own.
 */
export interface NodeIdentity {
  readonly clusterId: string;
  readonly nodeId: string;
  /**
   * For a node that joined: an index at or after the entry that added it.
   * Removals of this id below it belong to an earlier member of the same id.
   */
  readonly joinedAt?: number;
}

/**
 * JSON rather than protobuf: this is a local record no peer ever reads, and a
 * human inspecting the database can read it as is.
 */
export function encodeIdentity(identity: NodeIdentity): Uint8Array {
  return Buffer.from(JSON.stringify({ clusterId: identity.clusterId, nodeId: identity.nodeId, joinedAt: identity.joinedAt ?? 0 }), 'utf8');
}

export function decodeIdentity(bytes: Uint8Array): NodeIdentity {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (err) {
    throw new StorageError('stored node identity is not valid JSON', { cause: err });
  }
  if (typeof parsed === 'object' && parsed !== null && 'clusterId' in parsed && 'nodeId' in parsed) {
    const { clusterId, nodeId } = parsed;
    const joinedAt = 'joinedAt' in parsed && typeof parsed.joinedAt === 'number' ? parsed.joinedAt : 0;
    if (typeof clusterId === 'string' && typeof nodeId === 'string') return { clusterId, nodeId, joinedAt };
  }
  throw new StorageError('stored node identity lacks clusterId or nodeId');
}

/**
 * Throws ClusterMismatchError when the data in `dataDir` belongs to another
 * node or cluster. Nothing stored (a fresh directory) passes.
 */
export function checkIdentity(dataDir: string, stored: NodeIdentity | undefined, expected: NodeIdentity): void {
  if (stored === undefined) return;
  if (stored.clusterId === expected.clusterId && stored.nodeId === expected.nodeId) return;
  throw new ClusterMismatchError(
    `data directory ${dataDir} belongs to node "${stored.nodeId}" of cluster "${stored.clusterId}", ` +
      `not node "${expected.nodeId}" of cluster "${expected.clusterId}"; ` +
      `start this node with its own data directory, or an empty one to join afresh`,
  );
}
