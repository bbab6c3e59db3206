/**
 * Membership changes, one server at a time (Ongaro thesis §4.1–§4.2; the
 * design is argued in docs/membership.md). A configuration is in force on a
 * node as soon as its entry is in that node's log.
 */
import { ConfChangeError, ProposalDroppedError } from '../../../src/raft/errors';
import { encodeConfChange } from '../../../src/raft/confchange';
import { ConfChangeType, EntryType, MessageType, Role, type ConfChange, type Entry } from '../../../src/raft/types';
import { drain, ent, msg, newTestNode } from './support/harness';
import { Network } from './support/network';

const THREE = ['n1', 'n2', 'n3'];
const add = (nodeId: string): ConfChange => ({ type: ConfChangeType.AddLearner, nodeId });
const promote = (nodeId: string): ConfChange => ({ type: ConfChangeType.PromoteLearner, nodeId });
const remove = (nodeId: string): ConfChange => ({ type: ConfChangeType.RemoveNode, nodeId });

function leaderOfThree(opts = {}): Network {
  const net = new Network(THREE, opts);
  net.elect('n1');
  net.propose('n1', 'a');
  return net;
}

/** Adds n4 as a learner that joins with an empty disk, and lets it catch up. */
function withJoinedLearner(opts = {}): Network {
  const net = leaderOfThree(opts);
  net.addNode('n4');
  net.changeConf('n1', add('n4'));
  net.tickAll(2);
  return net;
}

describe('§4.1 adding a member', () => {
  it('a learner that joins with an empty log gets the bootstrap configuration as a snapshot, then the log, and applies every write', () => {
    const net = withJoinedLearner();
    const n4 = net.node('n4');
    expect(n4.readies.find((rd) => rd.snapshot !== undefined)?.snapshot).toEqual({ index: 0, term: 0, confState: { voters: THREE, learners: [] } });
    expect(net.appliedTexts('n4')).toEqual(['a']);
    for (const id of [...THREE, 'n4']) expect(net.raw(id).status().confState).toEqual({ voters: THREE, learners: ['n4'] });
    expect(n4.confState).toEqual({ voters: THREE, learners: ['n4'] });
    net.propose('n1', 'b');
    expect(net.appliedTexts('n4')).toEqual(['a', 'b']);
  });

  it('a member of the base configuration that comes back with an empty log (removed, wiped, added again) gets the base as a snapshot, not just the log', () => {
    // Entries alone would rebuild its configuration from nothing: after
    // "remove n2, add n2, promote n2" it would count itself the only voter
    // and could elect itself while the real cluster lives on.
    const net = leaderOfThree();
    net.changeConf('n1', remove('n2'));
    net.addNode('n2');
    net.changeConf('n1', add('n2'));
    net.tickAll(2);
    const n2 = net.node('n2');
    expect(n2.readies.find((rd) => rd.snapshot !== undefined)?.snapshot).toEqual({ index: 0, term: 0, confState: { voters: THREE, learners: [] } });
    expect(n2.confState).toEqual({ voters: ['n1', 'n3'], learners: ['n2'] });
    net.changeConf('n1', promote('n2'));
    expect(net.raw('n2').status().confState).toEqual({ voters: THREE, learners: [] });
    expect(net.appliedTexts('n2')).toEqual(['a']);
  });

  it('the leader reports a learner\'s progress, so the operator can see it has caught up', () => {
    const net = withJoinedLearner();
    const last = net.raw('n1').status().lastIndex;
    expect(net.raw('n1').status().progress.get('n4')).toMatchObject({ match: last, isLearner: true, state: 'Replicate' });
  });

  it('a promoted learner becomes a voter and counts toward the quorum', () => {
    const net = withJoinedLearner();
    net.changeConf('n1', promote('n4'));
    expect(net.raw('n4').status().confState).toEqual({ voters: ['n1', 'n2', 'n3', 'n4'], learners: [] });
    // Four voters need three: with n2 and n3 cut off, n1 and n4 cannot commit.
    net.isolate('n2');
    net.isolate('n3');
    const before = net.raw('n1').status().commit;
    net.propose('n1', 'x');
    expect(net.raw('n1').status().commit).toBe(before);
    net.recover();
    net.tickAll(1);
    expect(net.appliedTexts('n4')).toEqual(['a', 'x']);
  });

  it('a promoted learner keeps its place in the log: the leader does not probe it from scratch', () => {
    const net = withJoinedLearner();
    const match = net.raw('n1').status().progress.get('n4')?.match ?? 0;
    net.raw('n1').proposeConfChange(promote('n4'));
    expect(net.raw('n1').status().progress.get('n4')).toMatchObject({ match, isLearner: false });
  });

  it('a new configuration is in force on the leader as soon as it is appended, before it commits', () => {
    const net = leaderOfThree();
    net.addNode('n4');
    net.isolate('n2');
    net.isolate('n3');
    net.raw('n1').proposeConfChange({ type: ConfChangeType.AddVoter, nodeId: 'n4' });
    expect(net.raw('n1').status().confState.voters).toEqual(['n1', 'n2', 'n3', 'n4']);
    net.stabilize();
    net.tickAll(3);
    // n1 and n4 are two of four: not a quorum, so the change itself stays uncommitted.
    expect(net.raw('n1').status().commit).toBe(2);
  });

  it('a follower whose uncommitted configuration entry is overwritten by a new leader falls back to the old configuration', () => {
    const cc: Entry = { index: 2, term: 1, type: EntryType.ConfChange, data: encodeConfChange(add('n4')) };
    const n = newTestNode('n2', { voters: THREE, entries: [ent(1, 1), cc], hardState: { term: 1, vote: 'n1', commit: 1 } });
    expect(n.node.status().confState).toEqual({ voters: THREE, learners: ['n4'] });
    n.node.step(msg({ type: MessageType.App, from: 'n3', to: 'n2', term: 2, index: 1, logTerm: 1, entries: [ent(2, 2)], commit: 1 }));
    expect(n.node.status().confState).toEqual({ voters: THREE, learners: [] });
    drain(n);
    n.restart();
    expect(n.node.status().confState).toEqual({ voters: THREE, learners: [] });
  });
});

describe('§4.1 refused proposals (nothing appended)', () => {
  it('a follower refuses a configuration change with the leader as hint', () => {
    const net = leaderOfThree();
    expect(() => net.raw('n2').proposeConfChange(add('n4'))).toThrow(ProposalDroppedError);
  });

  it('a second change is refused while the first is not applied', () => {
    const net = leaderOfThree();
    net.isolate('n2');
    net.isolate('n3');
    net.raw('n1').proposeConfChange(add('n4'));
    net.stabilize();
    const last = net.raw('n1').status().lastIndex;
    expect(() => net.raw('n1').proposeConfChange(add('n5'))).toThrow(/not applied yet/);
    expect(net.raw('n1').status().lastIndex).toBe(last);
    net.recover();
    net.tickAll(2);
    expect(() => net.raw('n1').proposeConfChange(add('n5'))).not.toThrow();
  });

  it('a new leader refuses a change until it has committed an entry of its own term (the single-server bug fix)', () => {
    const net = new Network(THREE);
    net.isolate('n2');
    net.isolate('n3');
    net.raw('n1').campaign();
    net.stabilize();
    net.recover();
    // n1 is not leader yet; elect it but keep its no-op from committing.
    net.dropIf((m) => m.type === MessageType.AppResp);
    net.elect('n1');
    expect(net.raw('n1').status().role).toBe(Role.Leader);
    expect(() => net.raw('n1').proposeConfChange(add('n4'))).toThrow(/no entry of term/);
    net.recover();
    net.tickAll(1);
    expect(() => net.raw('n1').proposeConfChange(add('n4'))).not.toThrow();
  });

  it('a change is refused during a leadership transfer', () => {
    const net = leaderOfThree();
    net.isolate('n3');
    net.propose('n1', 'b');
    net.raw('n1').transferLeadership('n3');
    expect(() => net.raw('n1').proposeConfChange(add('n4'))).toThrow(/transfer/);
  });

  it('a change that makes no sense against the configuration is refused with ConfChangeError', () => {
    const net = leaderOfThree();
    expect(() => net.raw('n1').proposeConfChange(remove('n9'))).toThrow(ConfChangeError);
    expect(() => net.raw('n1').proposeConfChange(promote('n2'))).toThrow(ConfChangeError);
    expect(() => net.raw('n1').proposeConfChange(add('n2'))).toThrow(ConfChangeError);
    const one = new Network(['n1']);
    one.elect('n1');
    one.tickAll(1);
    expect(() => one.raw('n1').proposeConfChange(remove('n1'))).toThrow(/last voter/);
  });
});

describe('§4.2.2 removing a member', () => {
  it('a removed follower is sent nothing more and the rest commit without it', () => {
    const net = leaderOfThree();
    net.changeConf('n1', remove('n3'));
    net.tickAll(1);
    expect(net.raw('n1').status().confState).toEqual({ voters: ['n1', 'n2'], learners: [] });
    const toN3 = net.countDelivered(MessageType.App, 'n1', 'n3') + net.countDelivered(MessageType.Heartbeat, 'n1', 'n3');
    net.propose('n1', 'b');
    net.tickAll(3);
    expect(net.countDelivered(MessageType.App, 'n1', 'n3') + net.countDelivered(MessageType.Heartbeat, 'n1', 'n3')).toBe(toN3);
    expect(net.appliedTexts('n2')).toEqual(['a', 'b']);
  });

  it('a node that knows it was removed never campaigns, whatever its clock says', () => {
    const net = leaderOfThree();
    net.changeConf('n1', remove('n3'));
    net.isolate('n3');
    for (let i = 0; i < 100; i++) net.tick('n3');
    net.raw('n3').campaign();
    net.stabilize();
    expect(net.raw('n3').status()).toMatchObject({ role: Role.Follower, term: 1 });
  });

  it('a removed leader steps down once the removal commits, handing over to the most caught-up voter with MsgTimeoutNow', () => {
    const net = leaderOfThree();
    net.changeConf('n1', remove('n1'));
    expect(net.raw('n1').status().role).toBe(Role.Follower);
    expect(net.countDelivered(MessageType.TimeoutNow, 'n1')).toBe(1);
    // The transferee won at once: no election timeout passed.
    expect(net.leaders()).toHaveLength(1);
    const [leader] = net.leaders();
    expect(['n2', 'n3']).toContain(leader);
    expect(net.raw(leader ?? '').status()).toMatchObject({ term: 2, confState: { voters: ['n2', 'n3'], learners: [] } });
    net.propose(leader ?? '', 'b');
    expect(net.appliedTexts(leader === 'n2' ? 'n3' : 'n2')).toEqual(['a', 'b']);
    for (let i = 0; i < 100; i++) net.tick('n1');
    net.stabilize();
    expect(net.raw('n1').status().role).toBe(Role.Follower);
  });

  it('a leader that removed itself keeps leading (without counting itself) until the removal commits', () => {
    const net = leaderOfThree();
    net.isolate('n2');
    net.isolate('n3');
    net.raw('n1').proposeConfChange(remove('n1'));
    net.stabilize();
    expect(net.raw('n1').status().role).toBe(Role.Leader);
    expect(() => net.raw('n1').propose(new Uint8Array([1]))).toThrow(ProposalDroppedError);
    net.recover();
    net.tickAll(1);
    expect(net.raw('n1').status().role).toBe(Role.Follower);
  });

  it('a voter removed by a change it holds but has not seen commit still campaigns, without counting itself (thesis §4.2.2)', () => {
    // {n1,n2} -> {n1}: only n2 (the leader) holds the entry when it crashes. n1, on the old
    // configuration, needs n2's vote; n2's log is ahead, so only n2 can be elected.
    const net = new Network(['n1', 'n2']);
    net.elect('n2');
    net.propose('n2', 'a');
    net.isolate('n1');
    net.raw('n2').proposeConfChange(remove('n2'));
    net.stabilize();
    net.recover();
    net.node('n2').restart();
    expect(net.raw('n2').status()).toMatchObject({ role: Role.Follower, confState: { voters: ['n1'], learners: [] } });
    net.raw('n2').campaign();
    net.stabilize();
    // n2 led just long enough to commit its removal, then handed over to n1.
    expect(net.raw('n1').status()).toMatchObject({ role: Role.Leader, confState: { voters: ['n1'], learners: [] } });
    expect(net.raw('n2').status().role).toBe(Role.Follower);
    for (let i = 0; i < 100; i++) net.tick('n2');
    net.stabilize();
    expect(net.raw('n1').status().role).toBe(Role.Leader);
  });

  it('a removed node that missed its removal cannot win an election or disrupt the leader when PreVote and CheckQuorum are on', () => {
    const net = leaderOfThree({ preVote: true, checkQuorum: true });
    net.isolate('n3');
    net.changeConf('n1', remove('n3'));
    net.tickAll(1);
    expect(net.raw('n3').status().confState.voters).toEqual(THREE);
    net.recover();
    for (let i = 0; i < 60; i++) net.tickAll(1);
    expect(net.raw('n1').status()).toMatchObject({ role: Role.Leader, term: 1 });
    expect(net.raw('n2').status().term).toBe(1);
    expect(net.countDelivered(MessageType.Vote, 'n3')).toBe(0);
  });

  it('a MsgVote at a higher term from a non-member is ignored within the leader lease (CheckQuorum)', () => {
    const net = leaderOfThree({ checkQuorum: true });
    net.changeConf('n1', remove('n3'));
    net.tickAll(1);
    net.send({ ...net.delivered[0]!, type: MessageType.Vote, from: 'n3', to: 'n2', term: 9, index: 99, logTerm: 9, entries: [], context: new Uint8Array() });
    net.stabilize();
    expect(net.raw('n2').status()).toMatchObject({ term: 1, lead: 'n1' });
  });
});

describe('§4.1 configuration across restarts and snapshots', () => {
  it('a restarted node rebuilds its configuration from its snapshot and the ConfChange entries after it', () => {
    const net = withJoinedLearner();
    net.changeConf('n1', promote('n4'));
    net.changeConf('n1', remove('n2'));
    const n3 = net.node('n3');
    n3.restart();
    expect(n3.node.status().confState).toEqual({ voters: ['n1', 'n3', 'n4'], learners: [] });
  });

  it('a snapshot taken after a change carries the configuration, and a follower that installs it adopts it', () => {
    const net = withJoinedLearner();
    net.changeConf('n1', promote('n4'));
    net.isolate('n3');
    net.changeConf('n1', remove('n2'));
    net.propose('n1', 'b');
    const n1 = net.node('n1');
    const applied = n1.node.status().applied;
    n1.storage.compact(applied, n1.confState);
    net.recover();
    net.tickAll(3);
    const n3 = net.node('n3');
    expect(n3.readies.some((rd) => rd.snapshot?.index === applied)).toBe(true);
    expect(n3.node.status().confState).toEqual({ voters: ['n1', 'n3', 'n4'], learners: [] });
    expect(n3.confState).toEqual({ voters: ['n1', 'n3', 'n4'], learners: [] });
  });
});
