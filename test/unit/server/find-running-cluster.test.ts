import { answerProbe, decideStart, probeUntilDecided, type ProbeAnswerContext, type ProbedNode } from '../../../src/server/find-running-cluster';
import type { ProbeResponse } from '../../../src/transport/probe-method';
import { Role, type Status } from '../../../src/raft/types';

const INITIAL = ['n1', 'n2', 'n3'];

function answer(nodeId: string, over: Partial<ProbeResponse> = {}): ProbeResponse {
  return {
    nodeId,
    state: 'member',
    confState: { voters: INITIAL, learners: [] },
    leaderId: '',
    clientAddress: `${nodeId}:50051`,
    fresh: false,
    term: 3,
    commit: 10,
    baseIndex: 0,
    baseConfState: { voters: INITIAL, learners: [] },
    ...over,
  };
}

const empty = (id: string): ProbeResponse => answer(id, { state: 'empty', confState: { voters: [], learners: [] }, term: 0, commit: 0 });
const fresh = (id: string): ProbeResponse => answer(id, { fresh: true, term: 1, commit: 0 });

const decide = (answers: Record<string, ProbeResponse | undefined>) => decideStart('n1', new Map(Object.entries(answers)));

describe('decideStart: what a node with an empty data dir does', () => {
  it('bootstraps with no other initial peer (a one-node cluster)', () => {
    expect(decideStart('n1', new Map()).action).toBe('bootstrap');
  });

  it('bootstraps a brand-new cluster: every peer reachable and empty', () => {
    expect(decide({ n2: empty('n2'), n3: empty('n3') }).action).toBe('bootstrap');
  });

  it('bootstraps when peers already bootstrapped the same new cluster but have no entry yet (the first pods were quicker, and need it for a quorum)', () => {
    expect(decide({ n2: fresh('n2'), n3: empty('n3') }).action).toBe('bootstrap');
    expect(decide({ n2: fresh('n2'), n3: fresh('n3') }).action).toBe('bootstrap');
  });

  it('bootstraps a new cluster from a majority of its initial voters, itself included, while the rest have not started (etcd forms from a majority too)', () => {
    for (const answers of [{ n2: empty('n2'), n3: undefined }, { n2: fresh('n2'), n3: undefined }]) {
      const d = decide(answers);
      expect(d.action).toBe('bootstrap');
      expect(d.reason).toContain('n3 will join when it starts');
    }
    const five = (answers: Record<string, ProbeResponse | undefined>) => decideStart('n1', new Map(Object.entries(answers)));
    expect(five({ n2: empty('n2'), n3: fresh('n3'), n4: undefined, n5: undefined }).action).toBe('bootstrap');
  });

  it('waits, never guessing, while fewer than a majority of the initial voters answer and nobody holds data', () => {
    const d = decide({ n2: undefined, n3: undefined });
    expect(d.action).toBe('wait');
    expect(d.reason).toContain('1 of 3 initial voters');
    const five = decideStart('n1', new Map(Object.entries({ n2: empty('n2'), n3: undefined, n4: undefined, n5: undefined })));
    expect(five.action).toBe('wait');
    expect(five.reason).toContain('a new cluster needs 3');
  });

  it('never bootstraps beside a peer that holds data, however many peers are empty (a lost volume while the others run)', () => {
    const five = decideStart('n1', new Map(Object.entries({ n2: empty('n2'), n3: empty('n3'), n4: answer('n4', { leaderId: 'n4' }), n5: undefined })));
    expect(five.action).toBe('replace');
  });

  it('replaces itself (lost disk) when a peer holding data lists it, even with other peers unreachable or empty', () => {
    for (const answers of [
      { n2: answer('n2', { leaderId: 'n2' }), n3: undefined },
      { n2: answer('n2'), n3: answer('n3') },
      { n2: answer('n2'), n3: empty('n3') },
      // One peer holds entries: a leader was elected, possibly with our forgotten vote, and may hold our acks.
      { n2: fresh('n2'), n3: answer('n3') },
    ]) {
      expect(decide(answers).action).toBe('replace');
    }
  });

  it('counts a learner entry as listed', () => {
    expect(decide({ n2: answer('n2', { confState: { voters: ['n2', 'n3'], learners: ['n1'] } }), n3: undefined }).action).toBe('replace');
  });

  it('joins a running cluster that does not list it', () => {
    const d = decide({ n2: answer('n2', { confState: { voters: ['n2', 'n3', 'n4'], learners: [] } }), n3: undefined });
    expect(d).toMatchObject({ action: 'join', via: ['n2:50051'] });
  });

  it('does not bootstrap next to a fresh cluster that does not list it (other --peers): it joins', () => {
    const d = decide({ n2: answer('n2', { fresh: true, confState: { voters: ['n2', 'n3'], learners: [] } }), n3: empty('n3') });
    expect(d.action).toBe('join');
  });

  it('counts a joining peer still catching up through a configuration that lists it', () => {
    expect(decide({ n2: empty('n2'), n3: answer('n3', { state: 'joining' }) }).action).toBe('replace');
  });

  it('treats a joining peer as a running cluster, and goes through members that know a leader first', () => {
    const joining = answer('n3', { state: 'joining', confState: { voters: [], learners: [] } });
    expect(decide({ n2: empty('n2'), n3: joining })).toMatchObject({ action: 'join', via: ['n3:50051'] });
    const d = decide({ n2: answer('n2'), n3: answer('n3', { leaderId: 'n2' }) });
    expect(d).toMatchObject({ action: 'replace', via: ['n3:50051', 'n2:50051'] });
  });

  it('never goes through a removed node, and waits when only removed nodes hold data', () => {
    const removed = answer('n2', { state: 'removed', confState: { voters: ['n3'], learners: [] } });
    expect(decide({ n2: removed, n3: undefined }).action).toBe('wait');
    expect(decide({ n2: removed, n3: answer('n3') })).toMatchObject({ action: 'replace', via: ['n3:50051'] });
  });
});

describe('answerProbe: what a node tells a peer with an empty data dir', () => {
  const ctx = (over: Partial<ProbeAnswerContext> = {}): ProbeAnswerContext => ({
    nodeId: 'n2',
    clientAddress: 'n2:50051',
    initialVoters: INITIAL,
    phase: 'deciding',
    ...over,
  });
  const node = (voters: string[], opts: { learners?: string[]; removed?: boolean; lastIndex?: number; catchingUp?: boolean; baseIndex?: number } = {}): ProbedNode => ({
    removed: opts.removed ?? false,
    catchingUpAfterJoin: opts.catchingUp ?? false,
    logBase: { index: opts.baseIndex ?? 0, term: 0, confState: { voters: INITIAL, learners: [] } },
    status: (): Status =>
      ({ id: 'n2', role: Role.Follower, lead: 'n3', term: 4, commit: 9, lastIndex: opts.lastIndex ?? 0, confState: { voters, learners: opts.learners ?? [] } }) as unknown as Status,
  });

  it('is empty while deciding, joining once it decided to join', () => {
    expect(answerProbe(undefined, ctx()).state).toBe('empty');
    expect(answerProbe(undefined, ctx({ phase: 'joining' })).state).toBe('joining');
  });

  it('is fresh only with the initial configuration and no entry in its log', () => {
    expect(answerProbe(node(INITIAL), ctx())).toMatchObject({ state: 'member', fresh: true, leaderId: 'n3', term: 4, commit: 9 });
    expect(answerProbe(node(INITIAL, { lastIndex: 1 }), ctx()).fresh).toBe(false);
    expect(answerProbe(node(['n2', 'n3']), ctx()).fresh).toBe(false);
    expect(answerProbe(node(INITIAL, { learners: ['n4'] }), ctx()).fresh).toBe(false);
  });

  it('reports a node catching up after joining as joining, and a removed one as removed', () => {
    expect(answerProbe(node([], { catchingUp: true }), ctx()).state).toBe('joining');
    expect(answerProbe(node(INITIAL, { catchingUp: true }), ctx())).toMatchObject({ state: 'joining', fresh: false });
    expect(answerProbe(node(['n1', 'n3'], { removed: true }), ctx()).state).toBe('removed');
  });

  it('says where its log begins', () => {
    expect(answerProbe(node(INITIAL, { baseIndex: 500, lastIndex: 900 }), ctx())).toMatchObject({ baseIndex: 500, baseConfState: { voters: INITIAL, learners: [] } });
  });
});

describe('probeUntilDecided', () => {
  const logger = { info: jest.fn(), warn: jest.fn() };
  const peers = () => new Map([['n2', 'a2'], ['n3', 'a3']]);

  it('keeps probing while the peers are down and decides once a majority answers, logging the wait only when its reason changes', async () => {
    let round = 0;
    const probe = jest.fn(async (address: string) => {
      if (round < 6) throw new Error('connection refused');
      return address === 'a2' ? empty('n2') : empty('n3');
    });
    const counting = jest.fn(peers).mockImplementation(() => {
      round += 1;
      return peers();
    });
    logger.info.mockClear();
    const d = await probeUntilDecided({ selfId: 'n1', clusterId: 'c', peers: counting, probe, probeTimeoutMs: 100, logger, intervalMs: 1 });
    expect(d.action).toBe('bootstrap');
    expect(round).toBe(6);
    const waits = logger.info.mock.calls.filter(([, msg]) => String(msg).startsWith('not bootstrapping yet'));
    expect(waits).toHaveLength(1);
    expect(probe).toHaveBeenCalledWith('a2', { clusterId: 'c', from: 'n1' }, 100);
  });

  it('stops when aborted', async () => {
    const down = async (): Promise<ProbeResponse> => Promise.reject(new Error('down'));
    let n = 0;
    await expect(
      probeUntilDecided({ selfId: 'n1', clusterId: 'c', peers, probe: down, probeTimeoutMs: 10, logger, intervalMs: 1, aborted: () => ++n > 3 }),
    ).rejects.toThrow('stopped');
  });
});
