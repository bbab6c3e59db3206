import { encodeMemberContext, type MemberContext } from '../../../src/codec/member-codec';
import { protoType } from '../../../src/codec/raft-codec';
import { decodeCommand, encodeCommand } from '../../../src/kv/command';
import { KvStateMachine, type MemberUpdateApplier, type MembershipChange } from '../../../src/kv/state-machine';
import { decodeConfChange, encodeConfChange } from '../../../src/raft';
import { ConfChangeType, EntryType, type Entry } from '../../../src/raft/types';
import type { MembershipWrite } from '../../../src/storage/kv-data';
import { RaftStore } from '../../../src/storage/raft-store';
import { fakeKvData, tempDirs } from '../storage/support';

const n1: MemberContext = { peerAddress: '127.0.0.1:1002', clientAddress: '', autoPromote: false };
const n4: MemberContext = { peerAddress: '127.0.0.1:4002', clientAddress: '127.0.0.1:4001', autoPromote: true };

function updateEntry(index: number, id: string, clientAddress: string): Entry {
  return { index, term: 1, type: EntryType.Normal, data: encodeCommand({ op: 'member-update', id, clientAddress }) };
}
function putEntry(index: number, key: string): Entry {
  return { index, term: 1, type: EntryType.Normal, data: encodeCommand({ op: 'put', key, value: Buffer.from(key) }) };
}

/** The driver's part, against a book kept here: the record with the address, or undefined for a non-member. */
function bookApplier(book: Map<string, MemberContext>): MemberUpdateApplier & { calls: string[] } {
  const calls: string[] = [];
  const fn = (e: Entry, id: string, clientAddress: string): MemberContext | undefined => {
    calls.push(`${e.index} ${id} ${clientAddress}`);
    const current = book.get(id);
    if (current === undefined) return undefined;
    const updated = { ...current, clientAddress };
    book.set(id, updated);
    return updated;
  };
  return Object.assign(fn, { calls });
}

function recordingData(): { data: ReturnType<typeof fakeKvData>; commits: { applied: number; revision: number; membership: MembershipWrite | undefined }[] } {
  const commits: { applied: number; revision: number; membership: MembershipWrite | undefined }[] = [];
  const data = fakeKvData((write, applied, _sync, membership) => {
    commits.push({ applied, revision: write.revision, membership });
    return Promise.resolve();
  });
  return { data, commits };
}

describe('member-update command encoding', () => {
  it('round-trips', () => {
    expect(decodeCommand(encodeCommand({ op: 'member-update', id: 'n1', clientAddress: 'kv-0.kv:50051' }))).toEqual({ op: 'member-update', id: 'n1', clientAddress: 'kv-0.kv:50051' });
    expect(decodeCommand(encodeCommand({ op: 'member-update', id: '', clientAddress: '' }))).toEqual({ op: 'member-update', id: '', clientAddress: '' });
  });

  it('is field 6 of Command, a MemberUpdateCommand { id = 1; client_address = 2 } on the wire', () => {
    const bytes = protoType('raftkv.raft.v1.Command').encode({ memberUpdate: { id: 'n2', clientAddress: 'h:2' } }).finish();
    expect(bytes[0]).toBe((6 << 3) | 2);
    expect(decodeCommand(bytes)).toEqual({ op: 'member-update', id: 'n2', clientAddress: 'h:2' });
  });
});

describe('KvStateMachine: member-update', () => {
  const dirs = tempDirs();
  const stores: RaftStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await dirs.cleanup();
  });

  it('records the client address of a member in the batch with the applied index, keeping the revision and the configuration', async () => {
    const { data, commits } = recordingData();
    const machine = new KvStateMachine({ kvData: () => data });
    const applier = bookApplier(new Map([['n1', n1]]));
    const results = await machine.apply([putEntry(1, 'a'), updateEntry(2, 'n1', '127.0.0.1:1001')], undefined, applier);
    expect(results.map((r) => [r.index, r.result?.found, r.result?.revision, r.result?.error])).toEqual([
      [1, false, 1, undefined],
      [2, true, 1, undefined],
    ]);
    expect(commits).toHaveLength(1);
    expect(commits[0]).toMatchObject({ applied: 2, revision: 1 });
    expect(commits[0]?.membership?.confState).toBeUndefined();
    expect([...(commits[0]?.membership?.members ?? [])]).toEqual([['n1', { ...n1, clientAddress: '127.0.0.1:1001' }]]);
    expect(machine.revision()).toBe(1);
  });

  it("changes a member's peer address (etcd's MemberUpdate), keeping the client address an empty one leaves", async () => {
    const { data, commits } = recordingData();
    const machine = new KvStateMachine({ kvData: () => data });
    const book = new Map([['n4', n4]]);
    const applier = (_e: Entry, id: string, clientAddress: string, peerAddress: string): MemberContext | undefined => {
      const current = book.get(id);
      if (current === undefined) return undefined;
      const updated = { ...current, ...(clientAddress !== '' && { clientAddress }), ...(peerAddress !== '' && { peerAddress }) };
      book.set(id, updated);
      return updated;
    };
    const entry: Entry = { index: 1, term: 1, type: EntryType.Normal, data: encodeCommand({ op: 'member-update', id: 'n4', clientAddress: '', peerAddress: '127.0.0.1:4444' }) };
    const [r] = await machine.apply([entry], undefined, applier);
    expect([r?.result?.found, r?.result?.error]).toEqual([true, undefined]);
    expect([...(commits[0]?.membership?.members ?? [])]).toEqual([['n4', { ...n4, peerAddress: '127.0.0.1:4444' }]]);
    expect(decodeCommand(entry.data)).toEqual({ op: 'member-update', id: 'n4', clientAddress: '', peerAddress: '127.0.0.1:4444' });
  });

  it('changes nothing for a non-member, an empty id, or without a driver', async () => {
    const { data, commits } = recordingData();
    const machine = new KvStateMachine({ kvData: () => data });
    const applier = bookApplier(new Map([['n1', n1]]));
    const results = await machine.apply([updateEntry(1, 'n9', 'h:9'), updateEntry(2, '', 'h:9')], undefined, applier);
    expect(results.map((r) => [r.result?.found, r.result?.error])).toEqual([
      [false, undefined],
      [false, undefined],
    ]);
    expect(applier.calls).toEqual(['1 n9 h:9']);
    const [alone] = await machine.apply([updateEntry(3, 'n1', 'h:1')]);
    expect(alone?.result?.found).toBe(false);
    expect(commits.map((c) => c.membership)).toEqual([undefined, undefined]);
  });

  it('refuses an empty client address alike on every node, without asking the driver', async () => {
    const { data, commits } = recordingData();
    const machine = new KvStateMachine({ kvData: () => data });
    const applier = bookApplier(new Map([['n1', { ...n1, clientAddress: 'h:1' }]]));
    const [r] = await machine.apply([updateEntry(1, 'n1', '')], undefined, applier);
    expect(r?.result?.found).toBe(false);
    expect(r?.result?.error?.code).toBe('RAFTKV_ERR_INVALID_ARGUMENT');
    expect(applier.calls).toEqual([]);
    expect(commits[0]?.membership).toBeUndefined();
  });

  it('never crashes on a member_update with its fields missing', async () => {
    const { data } = recordingData();
    const machine = new KvStateMachine({ kvData: () => data });
    const bytes = protoType('raftkv.raft.v1.Command').encode({ memberUpdate: {} }).finish();
    const [r] = await machine.apply([{ index: 1, term: 1, type: EntryType.Normal, data: bytes }], undefined, bookApplier(new Map()));
    expect(r?.index).toBe(1);
    expect(r?.result?.found).toBe(false);
    expect(await machine.appliedIndex()).toBe(1);
  });

  it('folds with the ConfChange entries of the same batch in log order', async () => {
    const { data, commits } = recordingData();
    const machine = new KvStateMachine({ kvData: () => data });
    const book = new Map([['n1', n1]]);
    const onConfChange = (e: Entry): MembershipChange => {
      const cc = decodeConfChange(e.data);
      if (cc.type === ConfChangeType.RemoveNode) book.delete(cc.nodeId);
      else book.set(cc.nodeId, n4);
      return { confState: { voters: [...book.keys()], learners: [] }, nodeId: cc.nodeId, member: cc.type === ConfChangeType.RemoveNode ? null : n4 };
    };
    const conf = (index: number, type: ConfChangeType, nodeId: string): Entry => ({
      index,
      term: 1,
      type: EntryType.ConfChange,
      data: encodeConfChange({ type, nodeId, ...(type === ConfChangeType.RemoveNode ? {} : { context: encodeMemberContext(n4) }) }),
    });
    await machine.apply(
      [conf(1, ConfChangeType.AddVoter, 'n4'), updateEntry(2, 'n4', 'h:44'), updateEntry(3, 'n1', 'h:11'), conf(4, ConfChangeType.RemoveNode, 'n1')],
      onConfChange,
      bookApplier(book),
    );
    const write = commits[0]?.membership;
    expect(write?.confState).toEqual({ voters: ['n4'], learners: [] });
    expect([...(write?.members ?? [])]).toEqual([
      ['n4', { ...n4, clientAddress: 'h:44' }],
      ['n1', null],
    ]);
  });

  it('persists in RaftStore: the address book after a restart and the snapshot a follower would get carry the address', async () => {
    const dir = await dirs.make();
    const store = await RaftStore.open(dir);
    stores.push(store);
    const confState = { voters: ['n1', 'n4'], learners: [] };
    await store.save({ entries: [], snapshot: { index: 0, term: 0, confState }, members: new Map([['n1', n1], ['n4', n4]]) }, true);
    const entries = [putEntry(1, 'a'), updateEntry(2, 'n1', '127.0.0.1:1001')];
    await store.save({ entries }, true);
    const machine = new KvStateMachine(store);
    await machine.apply(entries, undefined, bookApplier(new Map([['n1', n1], ['n4', n4]])));
    await store.close();

    const reopened = await RaftStore.open(dir);
    stores.push(reopened);
    const m = await reopened.loadMembership();
    expect(m.members.get('n1')).toEqual({ ...n1, clientAddress: '127.0.0.1:1001' });
    expect(m.members.get('n4')).toEqual(n4);
    // No ConfChange was applied: the configuration stays the log's base.
    expect(m.confState).toBeUndefined();
    const read = await reopened.openSnapshotRead();
    try {
      expect(read.metadata).toEqual({ index: 2, term: 1, confState });
      expect(read.members.get('n1')).toEqual({ ...n1, clientAddress: '127.0.0.1:1001' });
      expect(read.revision).toBe(1);
    } finally {
      await read.close();
    }
  });
});
