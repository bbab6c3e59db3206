/**
 * The rules of the Raft paper (Ongaro & Ousterhout 2014), one section at a
 * time, after etcd's raft_paper_test.go.
 */
import { MessageType, NONE, Role } from '../../../src/raft/types';
import { drain, ent, entsWithTerms, msg, newTestNode, ticksUntil } from './support/harness';
import { storedLog, storedTerms, ofType } from './support/inspect';
import { RawNode } from '../../../src/raft/raw-node';
import { Network, makeConfig } from './support/network';
import { withUnsafeCommit } from '../../support/unsafe-commit';

const THREE = ['n1', 'n2', 'n3'];
const FIVE = ['n1', 'n2', 'n3', 'n4', 'n5'];

describe('§5.1 terms', () => {
  test.each([Role.Follower, Role.Candidate, Role.Leader])(
    '§5.1 a %s that sees a higher term adopts it and becomes follower',
    (role) => {
      const net = new Network(THREE);
      if (role === Role.Candidate) net.raw('n1').campaign();
      if (role === Role.Leader) net.elect('n1');
      const n1 = net.node('n1');
      drain(n1);
      expect(n1.node.status().role).toBe(role);
      n1.node.step(msg({ type: MessageType.App, from: 'n2', to: 'n1', term: 5, logTerm: 0, index: 0 }));
      expect(n1.node.status()).toMatchObject({ role: Role.Follower, term: 5, lead: 'n2' });
    },
  );

  test('§5.1 a node ignores a request carrying a stale term', () => {
    const n = newTestNode('n1', { voters: THREE, hardState: { term: 3, vote: NONE, commit: 0 } });
    n.node.step(msg({ type: MessageType.App, from: 'n2', to: 'n1', term: 2, entries: [ent(2, 1)] }));
    expect(drain(n)).toEqual([]);
    expect(n.node.status()).toMatchObject({ term: 3, lastIndex: 0, lead: NONE });
  });

  test('§5.1 a stale leader learns the newer term from an append response when CheckQuorum is on', () => {
    const n = newTestNode('n1', { voters: THREE, hardState: { term: 3, vote: NONE, commit: 0 } }, { checkQuorum: true });
    n.node.step(msg({ type: MessageType.Heartbeat, from: 'n2', to: 'n1', term: 2 }));
    expect(drain(n)).toEqual([expect.objectContaining({ type: MessageType.AppResp, to: 'n2', term: 3 })]);
  });
});

describe('§5.2 leader election', () => {
  test('§5.2 a node starts as a follower with no leader', () => {
    const n = newTestNode('n1', { voters: THREE });
    expect(n.node.status()).toMatchObject({ role: Role.Follower, term: 0, lead: NONE });
  });

  test('§5.2 a follower that hears nothing for its election timeout becomes candidate', () => {
    const n = newTestNode('n1', { voters: THREE }, { electionTick: 10 });
    const ticks = ticksUntil(n, () => n.node.status().role === Role.Candidate);
    expect(ticks).toBeGreaterThanOrEqual(10);
    expect(ticks).toBeLessThan(20);
    expect(n.node.status()).toMatchObject({ term: 1, vote: 'n1' });
    const votes = ofType(drain(n), MessageType.Vote);
    expect(votes.map((m) => [m.to, m.term, m.index, m.logTerm])).toEqual([
      ['n2', 1, 0, 0],
      ['n3', 1, 0, 0],
    ]);
  });

  test('§5.2 election timeouts are randomized over [electionTick, 2*electionTick) from the injected source', () => {
    const seen: number[] = [];
    for (const r of [0, 0.1, 0.5, 0.95, 0.99999]) {
      const n = newTestNode('n1', { voters: THREE }, { electionTick: 10 });
      n.node = new RawNode({ ...makeConfig('n1', n.storage, { electionTick: 10 }), random: () => r });
      seen.push(ticksUntil(n, () => n.node.status().role === Role.Candidate));
    }
    expect(seen).toEqual([10, 11, 15, 19, 19]);
  });

  test('§5.2 a leader sends a heartbeat every heartbeatTick to keep followers from campaigning', () => {
    const net = new Network(THREE, { heartbeatTick: 2, electionTick: 10 });
    net.elect('n1');
    const before = net.countDelivered(MessageType.Heartbeat, 'n1');
    net.tickAll(10);
    expect(net.countDelivered(MessageType.Heartbeat, 'n1') - before).toBe(10); // 5 rounds x 2 followers
    net.tickAll(100);
    expect(net.leaders()).toEqual(['n1']);
    expect(net.raw('n2').status().term).toBe(1);
  });

  test.each([
    [3, ['n2'], Role.Leader],
    [3, [], Role.Candidate],
    [5, ['n2', 'n3'], Role.Leader],
    [5, ['n2'], Role.Candidate],
  ])('§5.2 with %i voters a candidate granted by %j (plus itself) ends as %s', (size, granters, expected) => {
    const voters = size === 3 ? THREE : FIVE;
    const n = newTestNode('n1', { voters });
    n.node.campaign();
    drain(n);
    for (const g of granters) n.node.step(msg({ type: MessageType.VoteResp, from: g, to: 'n1', term: 1 }));
    drain(n);
    expect(n.node.status().role).toBe(expected);
  });

  test('§5.2 a candidate rejected by a majority returns to follower', () => {
    const n = newTestNode('n1', { voters: THREE });
    n.node.campaign();
    drain(n);
    n.node.step(msg({ type: MessageType.VoteResp, from: 'n2', to: 'n1', term: 1, reject: true }));
    n.node.step(msg({ type: MessageType.VoteResp, from: 'n3', to: 'n1', term: 1, reject: true }));
    expect(n.node.status()).toMatchObject({ role: Role.Follower, term: 1 });
  });

  test('§5.2 a voter grants at most one vote per term, first come first served', () => {
    const n = newTestNode('n3', { voters: THREE });
    n.node.step(msg({ type: MessageType.Vote, from: 'n1', to: 'n3', term: 1 }));
    n.node.step(msg({ type: MessageType.Vote, from: 'n2', to: 'n3', term: 1 }));
    n.node.step(msg({ type: MessageType.Vote, from: 'n1', to: 'n3', term: 1 }));
    const resps = ofType(drain(n), MessageType.VoteResp);
    expect(resps.map((m) => [m.to, m.reject])).toEqual([
      ['n1', false],
      ['n2', true],
      ['n1', false],
    ]);
    expect(n.node.status().vote).toBe('n1');
  });

  test('§5.2 a vote is durable before it is sent: the grant travels in the Ready that persists it', () => {
    const n = newTestNode('n3', { voters: THREE });
    n.node.step(msg({ type: MessageType.Vote, from: 'n1', to: 'n3', term: 1 }));
    const rd = n.node.ready();
    expect(rd.hardState).toEqual({ term: 1, vote: 'n1', commit: 0 });
    expect(rd.mustSync).toBe(true);
    expect(rd.messages.map((m) => m.type)).toEqual([MessageType.VoteResp]);
  });

  test('§5.2 a candidate that hears from a leader of its term becomes follower', () => {
    const n = newTestNode('n1', { voters: THREE });
    n.node.campaign();
    drain(n);
    n.node.step(msg({ type: MessageType.Heartbeat, from: 'n2', to: 'n1', term: 1 }));
    expect(n.node.status()).toMatchObject({ role: Role.Follower, term: 1, lead: 'n2' });
  });

  test('§5.2 a candidate that neither wins nor loses starts a new election after its timeout', () => {
    const n = newTestNode('n1', { voters: THREE });
    n.node.campaign();
    drain(n);
    ticksUntil(n, () => n.node.status().term === 2);
    expect(n.node.status()).toMatchObject({ role: Role.Candidate, vote: 'n1' });
  });

  test('§5.2 split votes resolve: a five-node cluster elects exactly one leader', () => {
    const net = new Network(FIVE);
    net.tickAll(60);
    expect(net.leaders()).toHaveLength(1);
  });

  test('§5.2 a node outside the configuration never campaigns', () => {
    const n = newTestNode('n9', { voters: THREE });
    for (let i = 0; i < 100; i++) n.node.tick();
    n.node.campaign();
    expect(n.node.status()).toMatchObject({ role: Role.Follower, term: 0 });
    expect(drain(n)).toEqual([]);
    const joining = newTestNode('n4', { voters: [] });
    joining.node.campaign();
    expect(joining.node.status().role).toBe(Role.Follower);
  });

  test('§5.2 every role change logs one line in the shape "<id> became <role> at term <t>"', () => {
    const net = new Network(THREE);
    net.elect('n1');
    const lines = net.node('n1').logger.lines.filter((l) => l.msg.includes(' became '));
    expect(lines.map((l) => l.msg)).toEqual(['n1 became follower at term 0', 'n1 became candidate at term 1', 'n1 became leader at term 1']);
    expect(lines[2]?.obj).toEqual({ term: 1, lead: 'n1' });
  });
});

describe('§5.3 log replication', () => {
  test('§5.3 a leader appends a proposal to its log and sends it to every follower', () => {
    const net = new Network(THREE);
    net.elect('n1');
    const n1 = net.node('n1');
    const { index, term } = n1.node.propose(new TextEncoder().encode('x'));
    expect({ index, term }).toEqual({ index: 2, term: 1 });
    const rd = n1.node.ready();
    expect(rd.entries).toEqual([ent(1, 2, 'x')]);
    const apps = ofType(rd.messages, MessageType.App);
    expect(apps.map((m) => [m.to, m.index, m.logTerm, m.entries.length])).toEqual([
      ['n2', 1, 1, 1],
      ['n3', 1, 1, 1],
    ]);
  });

  test('§5.3 an entry is committed once a majority stored it, and followers learn the commit index', () => {
    const net = new Network(FIVE);
    net.elect('n1');
    net.isolate('n4');
    net.isolate('n5');
    net.propose('n1', 'a');
    expect(net.raw('n1').status().commit).toBe(2);
    expect(net.appliedTexts('n1')).toEqual(['a']);
    net.tickAll(1);
    expect(net.appliedTexts('n2')).toEqual(['a']);
    expect(net.appliedTexts('n4')).toEqual([]);
  });

  test('§5.3 without a majority nothing commits', () => {
    const net = new Network(FIVE);
    net.elect('n1');
    net.isolate('n3');
    net.isolate('n4');
    net.isolate('n5');
    net.propose('n1', 'a');
    expect(net.raw('n1').status().commit).toBe(1);
    expect(net.appliedTexts('n1')).toEqual([]);
  });

  test('§5.3 a follower rejects an append whose previous entry does not match, with a hint', () => {
    const n = newTestNode('n2', { voters: THREE, entries: entsWithTerms(1, 1, 2), hardState: { term: 2, vote: NONE, commit: 0 } });
    n.node.step(msg({ type: MessageType.App, from: 'n1', to: 'n2', term: 3, index: 3, logTerm: 3, entries: [ent(3, 4)] }));
    const [resp] = drain(n);
    expect(resp).toMatchObject({ type: MessageType.AppResp, reject: true, index: 3, rejectHint: 3, rejectHintTerm: 2 });
    expect(n.node.status().lastIndex).toBe(3);
  });

  test('§5.3 a follower truncates a conflicting suffix and appends the leader\'s entries', () => {
    const n = newTestNode('n2', { voters: THREE, entries: entsWithTerms(1, 2, 2, 2), hardState: { term: 2, vote: NONE, commit: 1 } });
    n.node.step(msg({ type: MessageType.App, from: 'n1', to: 'n2', term: 3, index: 1, logTerm: 1, entries: [ent(3, 2), ent(3, 3)] }));
    const out = drain(n);
    expect(out).toEqual([expect.objectContaining({ type: MessageType.AppResp, reject: false, index: 3 })]);
    expect(storedTerms(n)).toEqual([1, 3, 3]);
  });

  test('§5.3 a follower keeps entries a stale, shorter append already contains', () => {
    const n = newTestNode('n2', { voters: THREE, entries: entsWithTerms(1, 1, 1), hardState: { term: 1, vote: NONE, commit: 0 } });
    n.node.step(msg({ type: MessageType.App, from: 'n1', to: 'n2', term: 1, index: 0, logTerm: 0, entries: [ent(1, 1)], commit: 1 }));
    expect(drain(n)).toEqual([expect.objectContaining({ type: MessageType.AppResp, index: 1 })]);
    expect(storedTerms(n)).toEqual([1, 1, 1]);
    expect(n.node.status().commit).toBe(1);
  });

  test('§5.3 a follower answers an append below its commit index with its commit index', () => {
    const n = newTestNode('n2', { voters: THREE, entries: entsWithTerms(1, 1, 1), hardState: { term: 1, vote: NONE, commit: 3 } });
    n.node.step(msg({ type: MessageType.App, from: 'n1', to: 'n2', term: 1, index: 1, logTerm: 1, entries: [ent(1, 2)] }));
    expect(drain(n)).toEqual([expect.objectContaining({ type: MessageType.AppResp, index: 3, reject: false })]);
  });

  // Figure 7: whatever the follower's log, the leader brings it in line with its own.
  const leaderLog = [1, 1, 1, 4, 4, 5, 5, 6, 6, 6];
  test.each([
    ['a', [1, 1, 1, 4, 4, 5, 5, 6, 6]],
    ['b', [1, 1, 1, 4]],
    ['c', [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6]],
    ['d', [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7]],
    ['e', [1, 1, 1, 4, 4, 4, 4]],
    ['f', [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3]],
  ])('§5.3 Figure 7 (%s): the leader makes the follower\'s log identical to its own', (_name, followerLog) => {
    const net = new Network(THREE);
    const maxTerm = Math.max(...followerLog);
    net.nodes.set('n1', newTestNode('n1', { voters: THREE, entries: entsWithTerms(...leaderLog), hardState: { term: 7, vote: NONE, commit: 0 } }));
    net.nodes.set('n2', newTestNode('n2', { voters: THREE, entries: entsWithTerms(...followerLog), hardState: { term: Math.max(7, maxTerm), vote: NONE, commit: 0 } }));
    net.nodes.set('n3', newTestNode('n3', { voters: THREE, hardState: { term: 7, vote: NONE, commit: 0 } }));
    net.elect('n1');
    expect(net.leaders()).toEqual(['n1']);
    net.tickAll(2);
    expect(storedTerms(net.node('n2'))).toEqual([...leaderLog, 8]);
    expect(storedTerms(net.node('n3'))).toEqual([...leaderLog, 8]);
    expect(net.raw('n2').status().commit).toBe(11);
  });

  test('§5.3 committing an entry of its term also commits every entry before it', () => {
    const net = new Network(THREE);
    net.nodes.set('n1', newTestNode('n1', { voters: THREE, entries: entsWithTerms(1, 1, 2), hardState: { term: 2, vote: NONE, commit: 0 } }));
    net.nodes.set('n2', newTestNode('n2', { voters: THREE, entries: entsWithTerms(1), hardState: { term: 2, vote: NONE, commit: 0 } }));
    net.nodes.set('n3', newTestNode('n3', { voters: THREE, hardState: { term: 2, vote: NONE, commit: 0 } }));
    net.elect('n1');
    expect(net.raw('n1').status().commit).toBe(4);
    expect(net.node('n1').applied.map((e) => `${e.term}/${e.index}`)).toEqual(['1/1', '1/2', '2/3', '3/4']);
  });
});

describe('§5.4 safety', () => {
  // (candidate last term, candidate last index) vs a voter whose log is terms [1, 2, 2].
  test.each([
    [1, 5, true],
    [2, 2, true],
    [2, 3, false],
    [2, 4, false],
    [3, 1, false],
  ])('§5.4.1 a voter with last entry 2/3 given a candidate ending %i/%i rejects it: %s', (lastTerm, lastIndex, rejected) => {
    const n = newTestNode('n2', { voters: THREE, entries: entsWithTerms(1, 2, 2), hardState: { term: 2, vote: NONE, commit: 0 } });
    n.node.step(msg({ type: MessageType.Vote, from: 'n1', to: 'n2', term: 3, index: lastIndex, logTerm: lastTerm }));
    const [resp] = ofType(drain(n), MessageType.VoteResp);
    expect(resp?.reject).toBe(rejected);
    expect(n.node.status().vote).toBe(rejected ? NONE : 'n1');
  });

  test('§5.4.1 a voter rejects a candidate whose log is less up-to-date, so it cannot win', () => {
    const net = new Network(THREE);
    net.elect('n1');
    net.isolate('n3');
    net.propose('n1', 'committed');
    net.recover();
    net.isolate('n1');
    net.elect('n3');
    expect(net.raw('n3').status().role).not.toBe(Role.Leader);
    expect(ofType(net.delivered, MessageType.VoteResp).filter((m) => m.to === 'n3').map((m) => m.reject)).toEqual([true]);
    net.elect('n2');
    expect(net.raw('n2').status().role).toBe(Role.Leader);
  });

  test('§5.4.2 a leader never commits an entry of an earlier term by counting replicas (Figure 8)', () => {
    const { applied } = figure8(false);
    expect(applied.get('n1')).not.toContain('1/2');
    expect(applied.get('n5')?.[1]).toBe('2/2');
    // Every node that applied index 2 applied the same entry.
    const atTwo = new Set([...applied.values()].map((es) => es[1]).filter((e) => e !== undefined));
    expect(atTwo.size).toBeLessThanOrEqual(1);
  });

  test('§5.4.2 the unsafe testing knob commits an earlier-term entry by counting replicas, which Figure 8 then overwrites', () => {
    const { applied } = figure8(true);
    expect(applied.get('n1')?.[1]).toBe('1/2');
    expect(applied.get('n5')?.[1]).toBe('2/2');
  });

  test('§5.4.3 a newly elected leader holds every committed entry', () => {
    const net = new Network(FIVE);
    net.elect('n1');
    net.isolate('n4');
    net.isolate('n5');
    net.propose('n1', 'a');
    net.propose('n1', 'b');
    net.recover();
    net.isolate('n1');
    for (const id of ['n5', 'n4', 'n2']) net.elect(id);
    const [leader] = net.leaders().filter((id) => id !== 'n1');
    expect(['n2', 'n3']).toContain(leader);
    expect(storedLog(net.node(leader ?? '')).slice(1, 3).map((e) => new TextDecoder().decode(e.data))).toEqual(['a', 'b']);
  });
});

/**
 * Figure 8 with five nodes: n1 (term 1) replicates 1/2 to n2 only; n5 (term 2)
 * writes 2/2 alone; n1 (term 3) copies 1/2 to n3 and n4 — a majority — but its
 * term-3 entry to nobody; then n5 wins a later term and overwrites index 2.
 */
function figure8(unsafe: boolean): { applied: Map<string, string[]> } {
  return withUnsafeCommit(unsafe, () => figure8Run());
}

function figure8Run(): { applied: Map<string, string[]> } {
  const net = new Network(FIVE, { maxEntriesPerMessage: 1 });
  net.elect('n1');
  for (const id of ['n3', 'n4', 'n5']) net.isolate(id);
  net.raw('n1').propose(new TextEncoder().encode('x'));
  net.stabilize();
  net.recover();
  // n5 wins with n3 and n4 but its entries reach nobody.
  net.isolate('n1');
  net.cut('n5', 'n2');
  net.dropIf((m) => m.from === 'n5' && m.type === MessageType.App);
  net.elect('n5');
  expect(net.raw('n5').status().role).toBe(Role.Leader);
  net.recover();
  // n1 comes back and wins with n2, n3, n4. Its probes reach n3 and n4 while
  // they lack index 2, so they take 1/2; its term-3 entry reaches nobody.
  net.isolate('n5');
  net.dropIf(
    (m) =>
      m.from === 'n1' &&
      m.type === MessageType.App &&
      m.entries.some((e) => e.term === 3) &&
      net.node(m.to).storage.lastIndex() >= 2,
  );
  net.node('n1').restart();
  while (net.raw('n1').status().role !== Role.Leader) net.elect('n1');
  expect(net.raw('n1').status().term).toBe(3);
  net.stabilize();
  net.recover();
  // n5 comes back and, with the more up-to-date last term, wins and overwrites index 2.
  net.isolate('n1');
  net.node('n5').restart();
  while (net.raw('n5').status().role !== Role.Leader) net.elect('n5');
  net.tickAll(3);
  const applied = new Map<string, string[]>();
  for (const [id, n] of net.nodes) applied.set(id, n.applied.map((e) => `${e.term}/${e.index}`));
  return { applied };
}
