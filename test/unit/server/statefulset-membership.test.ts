import { StatefulSetMembership, type MembershipNode } from '../../../src/server/statefulset-membership';
import type { ConfChange } from '../../../src/raft';
import { Role, type ConfState, type Status } from '../../../src/raft/types';
import type { ProbeResponse } from '../../../src/transport/probe-method';

/** A follower (or leader) whose configuration the test edits, as the cluster's leader would. */
function fakeNode(id: string, conf: ConfState, opts: { leader?: string; removed?: boolean } = {}): MembershipNode & { conf: ConfState; proposed: ConfChange[]; looks: number } {
  const node = {
    id,
    conf,
    /** How often its configuration was looked at. */
    looks: 0,
    proposed: [] as ConfChange[],
    leader: opts.leader ?? 'kv-0',
    removed: opts.removed ?? false,
    catchingUpAfterJoin: false,
    status: (): Status => ((node.looks += 1), { id, role: Role.Follower, term: 3, vote: '', lead: node.leader, commit: 10, applied: 10, lastIndex: 10, confState: node.conf, progress: new Map(), uncommittedBytes: 0, boundHits: { appendBytes: 0, inflightBytes: 0, uncommittedBytes: 0, committedBytesPerReady: 0 } }),
    proposeConfChange: async (cc: ConfChange) => void node.proposed.push(cc),
    transferLeadership: async (to: string) => to,
  };
  return node;
}

const logger = { info: jest.fn(), warn: jest.fn() };

function membership(node: MembershipNode, replicas: () => Promise<number>, over: { ordinal?: number; probe?: () => Promise<ProbeResponse>; onRejoinWanted?: (r: string) => void } = {}): StatefulSetMembership {
  return new StatefulSetMembership({
    node,
    replicas: { desiredReplicas: replicas },
    clusterId: 'c',
    stsName: 'kv',
    ordinal: over.ordinal ?? Number(node.id.split('-')[1]),
    checkMs: 10,
    electionTimeoutMs: 50,
    requestTimeoutMs: 1000,
    peers: () => new Map([['kv-0', 'a0']]),
    probe: over.probe ?? (() => Promise.reject(new Error('down'))),
    logger,
    onRejoinWanted: over.onRejoinWanted ?? (() => undefined),
  });
}

const three = { voters: ['kv-0', 'kv-1', 'kv-2'], learners: [] };

describe('StatefulSetMembership: a pod told to stop', () => {
  it('stops at once when it is restarted (its ordinal is below spec.replicas): its member stays', async () => {
    const node = fakeNode('kv-2', three);
    const started = Date.now();
    await membership(node, async () => 3).leaveIfScaledAway(5_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(node.proposed).toEqual([]);
  });

  it('takes an unreadable Kubernetes API for a restart, and says so', async () => {
    logger.warn.mockClear();
    await membership(fakeNode('kv-2', three), async () => Promise.reject(new Error('403 Forbidden'))).leaveIfScaledAway(5_000);
    expect(logger.warn.mock.calls.some(([obj, msg]) => String(msg).includes('taken for a restart') && JSON.stringify(obj).includes('403'))).toBe(true);
  });

  it('when scaled away, stays up until the cluster no longer counts it, then stops', async () => {
    const node = fakeNode('kv-2', three);
    let left = false;
    const leaving = membership(node, async () => 2).leaveIfScaledAway(5_000).then(() => (left = true));
    // It looked at its configuration several times, and is still there.
    const deadline = Date.now() + 5_000;
    while (node.looks < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(node.looks).toBeGreaterThanOrEqual(3);
    expect(left).toBe(false);
    // The leader removes it: the entry reaches its log.
    node.conf = { voters: ['kv-0', 'kv-1'], learners: [] };
    await leaving;
    expect(left).toBe(true);
  });

  it('when scaled away and never removed, stops anyway after the timeout', async () => {
    const started = Date.now();
    await membership(fakeNode('kv-2', three), async () => 2).leaveIfScaledAway(300);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });
});

describe('StatefulSetMembership: a pod wanted again', () => {
  it('asks to rejoin when its member was removed and its ordinal is below spec.replicas', async () => {
    const node = fakeNode('kv-1', { voters: ['kv-0'], learners: [] }, { leader: '', removed: true });
    const reasons: string[] = [];
    const m = membership(node, async () => 3, { onRejoinWanted: (r) => reasons.push(r) });
    m.start();
    const deadline = Date.now() + 5_000;
    while (reasons.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    m.close();
    expect(reasons[0]).toContain('removed');
  });

  it('asks to rejoin when a leader holding all it holds no longer lists it (removed while its pod was gone)', async () => {
    const node = fakeNode('kv-1', three, { leader: '' });
    const leader: ProbeResponse = {
      nodeId: 'kv-0', state: 'member', confState: { voters: ['kv-0'], learners: [] }, leaderId: 'kv-0', clientAddress: 'a', fresh: false,
      term: 5, commit: 40, baseIndex: 0, baseConfState: three,
    };
    const reasons: string[] = [];
    const m = membership(node, async () => 3, { probe: async () => leader, onRejoinWanted: (r) => reasons.push(r) });
    m.start();
    const deadline = Date.now() + 5_000;
    while (reasons.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    m.close();
    expect(reasons[0]).toContain('the leader kv-0 no longer lists this member');
  });

  it('does not rejoin on the word of a leader that lacks part of its log (a stale leader)', async () => {
    const node = fakeNode('kv-1', three, { leader: '' });
    const stale: ProbeResponse = {
      nodeId: 'kv-0', state: 'member', confState: { voters: ['kv-0'], learners: [] }, leaderId: 'kv-0', clientAddress: 'a', fresh: false,
      term: 5, commit: 4, baseIndex: 0, baseConfState: three,
    };
    let probes = 0;
    const reasons: string[] = [];
    const m = membership(node, async () => 3, { probe: async () => ((probes += 1), stale), onRejoinWanted: (r) => reasons.push(r) });
    m.start();
    const deadline = Date.now() + 5_000;
    while (probes < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    m.close();
    expect(probes).toBeGreaterThanOrEqual(3);
    expect(reasons).toEqual([]);
  });
});
