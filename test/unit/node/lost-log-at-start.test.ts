import { RaftNode, type RaftNodeOptions } from '../../../src/node/raft-node';
import { RaftStore } from '../../../src/storage/raft-store';
import { KvStateMachine } from '../../../src/kv/state-machine';
import { StorageError } from '../../../src/errors';
import type { Transport } from '../../../src/transport/transport';
import { entries, tempDirs } from '../storage/support';

/**
 * A node whose disk lost log entries it had acknowledged (here: its stored
 * commit index is past the last stored entry, as when LevelDB's write-ahead
 * file is cut while the node is stopped) refuses to start, naming the loss and
 * the recovery, instead of voting or serving with a shorter log.
 */
describe('starting on a data dir whose log lost acknowledged entries', () => {
  const dirs = tempDirs();
  afterEach(() => dirs.cleanup());

  const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  const sent: unknown[] = [];
  const transport: Transport = {
    send: (msgs) => sent.push(...msgs),
    propose: () => Promise.reject(new Error('unused')),
    proposeConfChange: () => Promise.reject(new Error('unused')),
    setPeers: () => undefined,
    close: async () => undefined,
  };

  it('refuses to start, naming the commit index, where the log ends, and the lost-disk recovery', async () => {
    const dir = await dirs.make();
    const writer = await RaftStore.open(dir);
    await writer.saveIdentity({ clusterId: 'c', nodeId: 'n2' });
    const base = { index: 0, term: 0, confState: { voters: ['n1', 'n2', 'n3'], learners: [] } };
    await writer.save({ snapshot: base, entries: entries(1, 3, 1), hardState: { term: 1, vote: 'n1', commit: 7 } }, true);
    await writer.close();

    const store = await RaftStore.open(dir);
    try {
      const options: RaftNodeOptions = {
        id: 'n2',
        clusterId: 'c',
        initialPeers: new Map([['n1', 'a1'], ['n2', 'a2'], ['n3', 'a3']]),
        tickMs: 5,
        electionTicks: 4,
        heartbeatTicks: 1,
        store,
        stateMachine: new KvStateMachine(store),
        transport,
        logger: silent as unknown as RaftNodeOptions['logger'],
      };
      const started = RaftNode.start(options);
      await expect(started).rejects.toThrow(StorageError);
      await expect(started).rejects.toThrow(/lost log entries this node acknowledged \(commit 7, log ends at 3\)/);
      await expect(started).rejects.toThrow(/wipe the data dir, and start it again with the same id/);
      // It never got as far as sending anything: no vote, no answer.
      expect(sent).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
