/** The RawNode surface: the Ready cycle, input hygiene, errors and status. */
import { CorruptLogError, MalformedMessageError, ProposalDroppedError, RaftConfigError, RaftInvariantError } from '../../../src/raft/errors';
import { MemoryStorage } from '../../../src/raft/memory-storage';
import { Raft } from '../../../src/raft/raft';
import { RawNode } from '../../../src/raft/raw-node';
import { MessageType, Role, type Message } from '../../../src/raft/types';
import { drain, ent, entsWithTerms, msg, newTestNode } from './support/harness';
import { Network, bootstrapStorage, makeConfig } from './support/network';

const THREE = ['n1', 'n2', 'n3'];
const conf = { voters: THREE, learners: [] };

test('a fresh node has nothing ready until something happens', () => {
  const n = newTestNode('n1', { voters: THREE });
  expect(n.node.hasReady()).toBe(false);
  n.node.campaign();
  expect(n.node.hasReady()).toBe(true);
  const rd = n.node.ready();
  expect(rd.softState).toEqual({ lead: '', role: Role.Candidate });
  expect(rd.hardState).toEqual({ term: 1, vote: 'n1', commit: 0 });
  expect(rd.messages).toHaveLength(2);
  expect(n.node.hasReady()).toBe(false);
});

test('a Ready that only moves the commit index needs no fsync', () => {
  const n = newTestNode('n2', { voters: THREE, entries: entsWithTerms(1, 1), hardState: { term: 1, vote: 'n1', commit: 0 } });
  n.node.step(msg({ type: MessageType.Heartbeat, from: 'n1', to: 'n2', term: 1, commit: 2 }));
  const rd = n.node.ready();
  expect(rd.hardState).toEqual({ term: 1, vote: 'n1', commit: 2 });
  expect(rd.mustSync).toBe(false);
  expect(rd.committedEntries.map((e) => e.index)).toEqual([1, 2]);
  n.node.advance(rd);
  expect(n.node.status().applied).toBe(2);
});

test('local message types, term-0 messages and misaddressed messages from the network are refused as malformed, changing nothing', () => {
  const n = newTestNode('n2', { voters: THREE });
  const bad: Message[] = [
    msg({ type: MessageType.Hup, from: 'n1', to: 'n2', term: 1 }),
    msg({ type: MessageType.Prop, from: 'n1', to: 'n2', term: 1, entries: [ent(1, 1)] }),
    msg({ type: MessageType.App, from: 'n1', to: 'n2', term: 0 }),
    msg({ type: MessageType.App, from: 'n1', to: 'n3', term: 1 }),
  ];
  for (const m of bad) expect(() => n.node.step(m)).toThrow(MalformedMessageError);
  expect(n.node.status()).toMatchObject({ term: 0, role: Role.Follower });
});

test('a follower refuses a proposal with the leader as a hint; a candidate with none', () => {
  const net = new Network(THREE);
  net.elect('n1');
  expect(() => net.raw('n2').propose(new Uint8Array([1]))).toThrow(ProposalDroppedError);
  try {
    net.raw('n2').propose(new Uint8Array([1]));
  } catch (e) {
    expect((e as ProposalDroppedError).leader).toBe('n1');
    expect((e as ProposalDroppedError).code).toBe('RAFTKV_ERR_PROPOSAL_DROPPED');
  }
  const lone = newTestNode('n1', { voters: THREE });
  expect(() => lone.node.propose(new Uint8Array([1]))).toThrow(ProposalDroppedError);
  lone.node.campaign();
  expect(() => lone.node.propose(new Uint8Array([1]))).toThrow(/no leader/);
});

test('status reports progress only on the leader', () => {
  const net = new Network(THREE);
  net.elect('n1');
  const st = net.raw('n1').status();
  expect(st).toMatchObject({ id: 'n1', role: Role.Leader, term: 1, vote: 'n1', lead: 'n1', commit: 1, applied: 1, lastIndex: 1 });
  expect([...st.progress.entries()]).toEqual([
    ['n1', { match: 1, next: 2, state: 'Replicate', recentActive: false, isLearner: false, inflightBytes: 0 }],
    ['n2', { match: 1, next: 2, state: 'Replicate', recentActive: true, isLearner: false, inflightBytes: 0 }],
    ['n3', { match: 1, next: 2, state: 'Replicate', recentActive: true, isLearner: false, inflightBytes: 0 }],
  ]);
  expect(net.raw('n2').status().progress.size).toBe(0);
});

test('config validation names the bad field', () => {
  const base = makeConfig('n1', bootstrapStorage(conf));
  const cases: [object, string][] = [
    [{ id: '' }, 'id'],
    [{ heartbeatTick: 0 }, 'heartbeatTick'],
    [{ electionTick: 1.5 }, 'electionTick'],
    [{ electionTick: 1, heartbeatTick: 1 }, 'electionTick'],
    [{ maxEntriesPerMessage: 0 }, 'maxEntriesPerMessage'],
    [{ maxInflightMessages: -1 }, 'maxInflightMessages'],
    [{ applied: -1 }, 'applied'],
  ];
  for (const [patch, field] of cases) {
    expect(() => new RawNode({ ...base, ...patch })).toThrow(RaftConfigError);
    try {
      new RawNode({ ...base, ...patch });
    } catch (e) {
      expect((e as RaftConfigError).field).toBe(field);
    }
  }
});

test('a node refuses to start from inconsistent persisted state', () => {
  const s = MemoryStorage.fromPersisted({ snapshot: { index: 0, term: 0, confState: conf }, hardState: { term: 1, vote: '', commit: 5 }, entries: entsWithTerms(1, 1) });
  expect(() => new RawNode(makeConfig('n1', s))).toThrow(CorruptLogError);
  expect(() => new RawNode(makeConfig('n1', s))).toThrow('persisted commit 5 is past last index 2');
  const ok = MemoryStorage.fromPersisted({ snapshot: { index: 2, term: 1, confState: conf }, hardState: { term: 1, vote: '', commit: 3 }, entries: [ent(1, 3)] });
  expect(() => new RawNode({ ...makeConfig('n1', ok), applied: 4 })).toThrow(RaftConfigError);
  expect(() => new RawNode({ ...makeConfig('n1', ok), applied: 1 })).toThrow(RaftConfigError);
  expect(new RawNode({ ...makeConfig('n1', ok), applied: 3 }).status().applied).toBe(3);
});

test('a restarted node hands out committed entries it has not applied yet', () => {
  const s = MemoryStorage.fromPersisted({ snapshot: { index: 0, term: 0, confState: conf }, hardState: { term: 1, vote: '', commit: 3 }, entries: entsWithTerms(1, 1, 1) });
  const node = new RawNode({ ...makeConfig('n1', s), applied: 1 });
  expect(node.ready().committedEntries.map((e) => e.index)).toEqual([2, 3]);
});

test('the election timeout tolerates a random source at its bounds', () => {
  for (const r of [1, -0.5, Number.NaN]) {
    const node = new RawNode({ ...makeConfig('n1', bootstrapStorage(conf)), random: () => r });
    node.assertInvariants();
  }
});

describe('assertInvariants', () => {
  function leaderRaft(): Raft {
    const r = new Raft(makeConfig('n1', bootstrapStorage({ voters: ['n1'], learners: [] })));
    r.becomeCandidate();
    r.becomeLeader();
    return r;
  }
  test.each<[string, (r: Raft) => void]>([
    ['applied > applying', (r) => (r.raftLog.applied = 5)],
    ['applying > committed', (r) => (r.raftLog.applying = 5)],
    ['committed > lastIndex', (r) => (r.raftLog.committed = 5)],
    ['unstable entry indexes', (r) => (r.raftLog.unstable.offsetInProgress = 99)],
    ['unstable contiguity', (r) => r.raftLog.unstable.entries.push(ent(1, 9))],
    ['randomized timeout', (r) => (r.randomizedElectionTimeout = 1)],
    ['follower transferring', (r) => {
      r.becomeFollower(2, 'n2');
      r.leadTransferee = 'n2';
    }],
    ['leader lead', (r) => (r.lead = 'n2')],
    ['leader own match beyond stable', (r) => r.trk.progress.get('n1')?.onAppendAccepted(1, 1)],
    ['candidate lead', (r) => {
      r.becomeFollower(2, 'n2');
      r.becomeCandidate();
      r.lead = 'n2';
    }],
    ['candidate vote', (r) => {
      r.becomeFollower(2, 'n2');
      r.becomeCandidate();
      r.vote = 'n2';
    }],
    ['applying beyond stable', (r) => {
      r.raftLog.committed = 1;
      r.raftLog.applying = 1;
    }],
  ])('detects %s', (_name, corrupt) => {
    const r = leaderRaft();
    r.assertInvariants();
    corrupt(r);
    expect(() => r.assertInvariants()).toThrow(RaftInvariantError);
  });

  test('detects a durable term ahead of the current one and progress beyond the log', () => {
    const r = leaderRaft();
    r.onHardStateDurable({ term: 9, vote: '', commit: 0 });
    expect(() => r.assertInvariants()).toThrow(/durable term/);
    const r2 = new Raft(makeConfig('n1', bootstrapStorage(conf)));
    r2.becomeCandidate();
    r2.becomeLeader();
    r2.trk.progress.get('n2')?.onAppendAccepted(5, 1);
    expect(() => r2.assertInvariants()).toThrow(/next/);
  });

  test('illegal role transitions are bugs', () => {
    const r = leaderRaft();
    expect(() => r.becomeCandidate()).toThrow(RaftInvariantError);
    expect(() => r.becomePreCandidate()).toThrow(RaftInvariantError);
    r.becomeFollower(2, '');
    expect(() => r.becomeLeader()).toThrow(RaftInvariantError);
  });
});

test('the driver loop in the test network never hands out unpersisted entries', () => {
  const net = new Network(THREE);
  net.elect('n1');
  for (let i = 0; i < 20; i++) net.propose('n1', `v${i}`);
  for (const id of THREE) expect(net.appliedTexts(id)).toHaveLength(20);
  drain(net.node('n1'));
});
