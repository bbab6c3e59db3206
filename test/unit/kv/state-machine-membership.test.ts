import { encodeMemberContext } from '../../../src/codec/member-codec';
import { encodeCommand } from '../../../src/kv/command';
import { KvStateMachine, type MembershipChange } from '../../../src/kv/state-machine';
import { decodeConfChange, encodeConfChange } from '../../../src/raft';
import { ConfChangeType, EntryType, type ConfChange, type ConfState, type Entry } from '../../../src/raft/types';
import type { MembershipWrite } from '../../../src/storage/kv-data';
import { RaftStore } from '../../../src/storage/raft-store';
import { fakeKvData, tempDirs } from '../storage/support';

const n4 = { peerAddress: '127.0.0.1:4002', clientAddress: '127.0.0.1:4001', autoPromote: true };

function confEntry(index: number, cc: ConfChange): Entry {
  return { index, term: 1, type: EntryType.ConfChange, data: encodeConfChange(cc) };
}
function putEntry(index: number, key: string): Entry {
  return { index, term: 1, type: EntryType.Normal, data: encodeCommand({ op: 'put', key, value: Buffer.from(key) }) };
}

/** What the driver does for each ConfChange entry, against a configuration kept here instead of a RawNode. */
function applier(start: ConfState): { apply(e: Entry): MembershipChange; seen: string[] } {
  let cs = start;
  const seen: string[] = [];
  return {
    seen,
    apply(e) {
      const cc = decodeConfChange(e.data);
      seen.push(`${cc.type} ${cc.nodeId}`);
      if (cc.type === ConfChangeType.AddLearner) cs = { ...cs, learners: [...cs.learners, cc.nodeId] };
      if (cc.type === ConfChangeType.PromoteLearner) cs = { voters: [...cs.voters, cc.nodeId], learners: cs.learners.filter((x) => x !== cc.nodeId) };
      if (cc.type === ConfChangeType.RemoveNode) cs = { voters: cs.voters.filter((x) => x !== cc.nodeId), learners: cs.learners.filter((x) => x !== cc.nodeId) };
      const member = cc.type === ConfChangeType.RemoveNode ? null : cc.context === undefined ? undefined : n4;
      return { confState: cs, nodeId: cc.nodeId, member };
    },
  };
}

describe('KvStateMachine: membership in the apply batch', () => {
  const dirs = tempDirs();
  const stores: RaftStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await dirs.cleanup();
  });

  it('writes KV changes, the applied index, the configuration and the address book in ONE commit', async () => {
    const commits: { applied: number; membership: MembershipWrite | undefined }[] = [];
    const data = fakeKvData((_write, applied, _sync, membership) => {
      commits.push({ applied, membership });
      return Promise.resolve();
    });
    const machine = new KvStateMachine({ kvData: () => data });
    const a = applier({ voters: ['n1', 'n2', 'n3'], learners: [] });
    const results = await machine.apply(
      [putEntry(1, 'a'), confEntry(2, { type: ConfChangeType.AddLearner, nodeId: 'n4', context: encodeMemberContext(n4) }), confEntry(3, { type: ConfChangeType.PromoteLearner, nodeId: 'n4' })],
      (e) => a.apply(e),
    );
    expect(results.map((r) => r.index)).toEqual([1, 2, 3]);
    expect(a.seen).toEqual(['AddLearner n4', 'PromoteLearner n4']);
    expect(commits).toHaveLength(1);
    expect(commits[0]?.applied).toBe(3);
    expect(commits[0]?.membership?.confState).toEqual({ voters: ['n1', 'n2', 'n3', 'n4'], learners: [] });
    expect([...(commits[0]?.membership?.members ?? [])]).toEqual([['n4', n4]]);
  });

  it('a batch without ConfChange entries writes no membership', async () => {
    const seen: (MembershipWrite | undefined)[] = [];
    const data = fakeKvData((_c, _a, _s, membership) => {
      seen.push(membership);
      return Promise.resolve();
    });
    await new KvStateMachine({ kvData: () => data }).apply([putEntry(1, 'a')], () => {
      throw new Error('not a ConfChange');
    });
    expect(seen).toEqual([undefined]);
  });

  it('persists to RaftStore: loadMembership after a restart sees records added and removed', async () => {
    const dir = await dirs.make();
    const store = await RaftStore.open(dir);
    stores.push(store);
    await store.save({ entries: [], snapshot: { index: 0, term: 0, confState: { voters: ['n1'], learners: [] } }, members: new Map([['n1', { peerAddress: 'h:1', clientAddress: 'h:2', autoPromote: false }]]) }, true);
    const machine = new KvStateMachine(store);
    const a = applier({ voters: ['n1'], learners: [] });
    await machine.apply([confEntry(1, { type: ConfChangeType.AddLearner, nodeId: 'n4', context: encodeMemberContext(n4) })], (e) => a.apply(e));
    expect((await store.loadMembership()).members.get('n4')).toEqual(n4);
    await machine.apply([putEntry(2, 'x'), confEntry(3, { type: ConfChangeType.RemoveNode, nodeId: 'n4' })], (e) => a.apply(e));
    await store.close();

    const reopened = await RaftStore.open(dir);
    stores.push(reopened);
    const m = await reopened.loadMembership();
    expect(m.confState).toEqual({ voters: ['n1'], learners: [] });
    expect([...m.members.keys()]).toEqual(['n1']);
    expect(await reopened.kvData().appliedIndex()).toBe(3);
  });
});
