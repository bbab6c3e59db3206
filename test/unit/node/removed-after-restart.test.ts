import { RaftNode, type RaftNodeOptions } from '../../../src/node/raft-node';
import { RaftStore } from '../../../src/storage/raft-store';
import { KvStateMachine } from '../../../src/kv/state-machine';
import { encodeCommand } from '../../../src/kv/command';
import { encodeConfChange } from '../../../src/raft';
import { ConfChangeType, EntryType, MessageType, message, type Entry, type Message } from '../../../src/raft/types';
import type { SnapshotHeader, SnapshotItem } from '../../../src/codec/snapshot-codec';
import { tempDirs } from '../storage/support';
import { waitFor } from '../../support/wait';
import { recordingTransport, silent } from './support';

/**
 * Whether a node restarted with its data was removed from the cluster is
 * decided from the record it wrote when it applied its own removal — never
 * from its absence in the configuration, which a joiner shares until the
 * entry that adds it arrives.
 */
describe('a node restarted with its data', () => {
  const dirs = tempDirs();
  const running: Array<{ node: RaftNode; store: RaftStore }> = [];
  afterEach(async () => {
    for (const { node, store } of running.splice(0)) {
      await node.close();
      await store.close();
    }
    await dirs.cleanup();
  });

  const put = (index: number): Entry => ({ index, term: 2, type: EntryType.Normal, data: encodeCommand({ op: 'put', key: `k${index}`, value: Buffer.from('v') }) });

  async function start(dir: string, join: boolean): Promise<{ node: RaftNode; store: RaftStore; sent: Message[] }> {
    const { transport, sent } = recordingTransport();
    const store = await RaftStore.open(dir);
    const options: RaftNodeOptions = {
      id: 'n4',
      clusterId: 'c',
      initialPeers: join ? new Map() : new Map([['n1', 'a1'], ['n4', 'a4']]),
      tickMs: 60_000,
      electionTicks: 10,
      heartbeatTicks: 1,
      store,
      stateMachine: new KvStateMachine(store),
      transport,
      logger: silent as unknown as RaftNodeOptions['logger'],
      join,
    };
    const node = await RaftNode.start(options);
    running.push({ node, store });
    return { node, store, sent };
  }

  async function restart(n: { node: RaftNode; store: RaftStore }, dir: string, join: boolean): Promise<RaftNode> {
    running.splice(running.findIndex((r) => r.node === n.node), 1);
    await n.node.close();
    await n.store.close();
    return (await start(dir, join)).node;
  }

  it('is not taken for removed when it joined, installed a snapshot from before its addition, and applied entries short of it', async () => {
    const dir = await dirs.make();
    const n4 = await start(dir, true);
    // The leader's snapshot at 8 predates the entry (13) that adds n4.
    const header: SnapshotHeader = { clusterId: 'c', from: 'n1', to: 'n4', term: 2, metadata: { index: 8, term: 2, confState: { voters: ['n1', 'n2', 'n3'], learners: [] } }, members: new Map(), revision: 8 };
    const items: SnapshotItem[] = [{ record: { key: 'a', value: Buffer.from('x'), createRevision: 8, modRevision: 8, version: 1, lease: '0' } }];
    await n4.node.installSnapshot(header, (async function* () {
      yield items;
    })());
    // Entries 9–12 arrive and 9–10 are applied; the one adding n4 has not come yet.
    n4.node.receive([message({ type: MessageType.App, from: 'n1', to: 'n4', term: 2, index: 8, logTerm: 2, commit: 10, entries: [put(9), put(10), put(11), put(12)] })]);
    await waitFor('n4 to apply through 10', () => n4.node.appliedIndex === 10, 5_000, 5);
    const again = await restart(n4, dir, true);
    expect(again.removed).toBe(false);
    expect(() => again.assertServing()).not.toThrow();
  });

  it('is removed when it applied its own removal, and stays so across a restart', async () => {
    const dir = await dirs.make();
    const n4 = await start(dir, false);
    const removal: Entry = { index: 3, term: 2, type: EntryType.ConfChange, data: encodeConfChange({ type: ConfChangeType.RemoveNode, nodeId: 'n4' }) };
    n4.node.receive([message({ type: MessageType.App, from: 'n1', to: 'n4', term: 2, index: 0, logTerm: 0, commit: 3, entries: [put(1), put(2), removal] })]);
    await waitFor('n4 to apply its own removal', () => n4.node.removed, 5_000, 5);
    const again = await restart(n4, dir, false);
    expect(again.removed).toBe(true);
    expect(() => again.assertServing()).toThrow(/removed from the cluster/);
  });
});
