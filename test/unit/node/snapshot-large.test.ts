import { randomBytes } from 'node:crypto';
import { RaftNode, type RaftNodeOptions } from '../../../src/node/raft-node';
import { STAGE_BATCH_BYTES } from '../../../src/node/snapshot-receiver';
import { RaftStore } from '../../../src/storage/raft-store';
import { KvStateMachine } from '../../../src/kv/state-machine';
import { keyRangeOf } from '../../../src/kv/key-range';
import { chunkItems, type SnapshotHeader, type SnapshotItem } from '../../../src/codec/snapshot-codec';
import { tempDirs } from '../storage/support';
import { recordingTransport, silent } from './support';

jest.setTimeout(120_000);

/** Big enough that holding it whole would dwarf the staging bound; small enough for CI. */
const SNAPSHOT_BYTES = 32 * 1024 * 1024;
const VALUE_BYTES = 16 * 1024;
const CHUNK_BYTES = 64 * 1024;

/**
 * A follower receives a snapshot many times larger than what it may hold in
 * memory: the data goes to disk as it arrives (the database grows during
 * the transfer), the receiver never holds more than its batch bound, and
 * the installed state is exactly the leader's.
 */
describe('a large snapshot on a follower', () => {
  const dirs = tempDirs();
  afterEach(() => dirs.cleanup());

  it('is staged on disk in bounded batches and installed whole', async () => {
    const dir = await dirs.make();
    const store = await RaftStore.open(dir);
    const stateMachine = new KvStateMachine(store);
    const options: RaftNodeOptions = {
      id: 'n2',
      clusterId: 'c',
      initialPeers: new Map([['n1', 'a1'], ['n2', 'a2'], ['n3', 'a3']]),
      tickMs: 60_000,
      electionTicks: 10,
      heartbeatTicks: 1,
      store,
      stateMachine,
      transport: recordingTransport().transport,
      logger: silent as unknown as RaftNodeOptions['logger'],
    };
    const node = await RaftNode.start(options);
    try {
      const count = SNAPSHOT_BYTES / VALUE_BYTES;
      const keyOf = (i: number): string => `key-${String(i).padStart(6, '0')}`;
      // Incompressible values, so LevelDB's compression cannot hide what is on disk; one is remembered to check.
      const probe = { index: 1234, value: randomBytes(VALUE_BYTES) };
      const header: SnapshotHeader = {
        clusterId: 'c',
        from: 'n1',
        to: 'n2',
        term: 2,
        metadata: { index: 50, term: 2, confState: { voters: ['n1', 'n2', 'n3'], learners: [] } },
        members: new Map([['n1', { peerAddress: 'a1', clientAddress: '', autoPromote: false }]]),
        revision: count,
      };
      let filesSizeMidway = 0;
      async function* items(): AsyncGenerator<SnapshotItem> {
        for (let i = 0; i < count; i += 1) {
          // Three quarters through: what has arrived must be on disk, not in memory.
          if (i === (count * 3) / 4) filesSizeMidway = await store.filesSize();
          const value = i === probe.index ? probe.value : randomBytes(VALUE_BYTES);
          yield { record: { key: keyOf(i), value, createRevision: i + 1, modRevision: i + 1, version: 1, lease: '0' } };
        }
      }
      await expect(node.installSnapshot(header, chunkItems(items(), CHUNK_BYTES))).resolves.toEqual({ term: 2 });

      expect(node.appliedIndex).toBe(50);
      expect(filesSizeMidway).toBeGreaterThan(SNAPSHOT_BYTES / 2);
      expect(node.snapshotPeakBufferedBytes()).toBeGreaterThan(0);
      expect(node.snapshotPeakBufferedBytes()).toBeLessThanOrEqual(STAGE_BATCH_BYTES + CHUNK_BYTES);
      const all = keyRangeOf({ key: '', range_end: '', prefix: true });
      const counted = await stateMachine.range(all, { limit: 0, keysOnly: false, countOnly: true, maxBytes: 0 });
      expect(counted).toMatchObject({ count, revision: count });
      expect(Buffer.from((await stateMachine.get(keyOf(probe.index)))!).equals(probe.value)).toBe(true);
    } finally {
      await node.close();
      await store.close();
    }
  });
});
