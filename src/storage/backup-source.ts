/**
 * The bytes of a backup of this member's applied state, produced as a stream
 * (backup-format.ts) from one LevelDB snapshot: writes keep being applied
 * meanwhile, and memory holds one chunk at a time whatever the data size.
 * The raftkv, etcd and HTTP doors all serve this same stream.
 */
import { BackupEncoder } from '../codec/backup-format';
import { chunkItems } from '../codec/snapshot-codec';
import type { RaftStore } from './raft-store';

export interface BackupSourceOptions {
  readonly clusterId: string;
  readonly nodeId: string;
  /** Injected for tests; the wall clock otherwise. */
  readonly now?: () => Date;
}

/**
 * Yields the file's bytes in pieces of about 1 MiB. The snapshot is taken at
 * the first next() (so a stream nobody reads holds nothing open) and closed
 * when the iteration ends, early ones included (a client that went away).
 */
export async function* backupStream(store: Pick<RaftStore, 'openSnapshotRead'>, opts: BackupSourceOptions): AsyncGenerator<Buffer> {
  const read = await store.openSnapshotRead();
  try {
    const encoder = new BackupEncoder();
    yield encoder.start({
      clusterId: opts.clusterId,
      nodeId: opts.nodeId,
      appliedIndex: read.metadata.index,
      term: read.metadata.term,
      revision: read.revision,
      createdAt: (opts.now ?? (() => new Date()))().toISOString(),
    });
    for await (const items of chunkItems(read.items)) yield encoder.data(items);
    yield encoder.end();
  } finally {
    await read.close();
  }
}
