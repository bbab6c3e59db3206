import {
  describeEntry,
  describeHardState,
  describeMessage,
  describeReady,
  describeSoftState,
} from '../../../src/raft/describe';
import { EntryType, MessageType, Role, message } from '../../../src/raft/types';

test('a MsgApp reads like etcd\'s', () => {
  const m = message({
    type: MessageType.App,
    from: '1',
    to: '2',
    term: 1,
    logTerm: 1,
    index: 2,
    commit: 2,
    entries: [{ index: 3, term: 1, type: EntryType.Normal, data: new Uint8Array(0) }],
  });
  expect(describeMessage(m)).toBe('1->2 MsgApp Term:1 Log:1/2 Commit:2 Entries:[1/3 Normal]');
});

test('rejections, contexts, snapshots and data are shown when present', () => {
  const rej = message({ type: MessageType.AppResp, from: '2', to: '1', term: 3, index: 5, reject: true, rejectHint: 4, rejectHintTerm: 2 });
  expect(describeMessage(rej)).toBe('2->1 MsgAppResp Term:3 Log:0/5 Rejected (Hint: 4/2)');
  const hb = message({ type: MessageType.Heartbeat, from: '1', to: '2', term: 3, context: new TextEncoder().encode('r1') });
  expect(describeMessage(hb)).toBe('1->2 MsgHeartbeat Term:3 Log:0/0 Context:"r1"');
  const snap = message({ type: MessageType.Snap, from: '1', to: '2', term: 3, snapshot: { index: 9, term: 2, confState: { voters: ['1', '2'], learners: ['3'] } } });
  expect(describeMessage(snap)).toBe('1->2 MsgSnap Term:3 Log:0/0 Snapshot:{Index:9 Term:2 Voters:[1 2] Learners:[3]}');
  expect(describeEntry({ index: 1, term: 1, type: EntryType.Normal, data: new TextEncoder().encode('put x') })).toBe('1/1 Normal "put x"');
  expect(describeEntry({ index: 1, term: 1, type: EntryType.ConfChange, data: new Uint8Array([0, 255]) })).toBe('1/1 ConfChange 0x00ff');
});

test('state and Ready render one item per line', () => {
  expect(describeHardState({ term: 2, vote: '', commit: 1 })).toBe('Term:2 Vote:- Commit:1');
  expect(describeSoftState({ lead: 'n1', role: Role.Leader })).toBe('Lead:n1 State:Leader');
  expect(describeSoftState({ lead: '', role: Role.Follower })).toBe('Lead:- State:Follower');
  const e = { index: 1, term: 1, type: EntryType.Normal, data: new Uint8Array(0) };
  const text = describeReady({
    softState: { lead: 'n1', role: Role.Leader },
    hardState: { term: 1, vote: 'n1', commit: 0 },
    snapshot: { index: 0, term: 0, confState: { voters: ['n1'], learners: [] } },
    entries: [e],
    committedEntries: [e],
    messages: [message({ type: MessageType.App, from: 'n1', to: 'n2', term: 1 })],
    readStates: [{ index: 1, requestCtx: new Uint8Array([1]) }],
    mustSync: true,
  });
  expect(text.split('\n')).toEqual([
    'Lead:n1 State:Leader',
    'HardState Term:1 Vote:n1 Commit:0',
    'Snapshot Index:0 Term:0 Voters:[n1] Learners:[]',
    'Entries: [1/1 Normal]',
    'CommittedEntries: [1/1 Normal]',
    'Message: n1->n2 MsgApp Term:1 Log:0/0',
    'ReadState: Index:1 Context:0x01',
    'MustSync',
  ]);
  expect(describeReady({ entries: [], committedEntries: [], messages: [], readStates: [], mustSync: false })).toBe('');
});
