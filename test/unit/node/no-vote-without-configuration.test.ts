import { RaftNode, type RaftNodeOptions } from '../../../src/node/raft-node';
import { MessageType, message, type Message } from '../../../src/raft/types';
import type { RaftStore } from '../../../src/storage/raft-store';
import type { KvStateMachine } from '../../../src/kv/state-machine';
import { recordingTransport, silent } from './support';

/**
 * Belt and braces for lost-disk safety (docs/membership.md): a node that has
 * no configuration yet (joining, or replacing its own lost disk) has an empty
 * log and forgotten votes. It must neither campaign nor grant a vote until the
 * leader's snapshot gives it a configuration.
 *
 * Time is the subject here (many election timeouts pass without a vote), so
 * the node runs on jest's fake clock: the windows are virtual, not sleeps.
 */
describe('a node without a configuration', () => {
  const nodes: RaftNode[] = [];
  beforeEach(() => jest.useFakeTimers({ now: 0, doNotFake: ['nextTick', 'queueMicrotask'] }));
  afterEach(async () => {
    const closing = Promise.all(nodes.splice(0).map((n) => n.close()));
    await jest.advanceTimersByTimeAsync(1_000);
    await closing;
    jest.useRealTimers();
  });

  /** A node over in-memory fakes of storage and state machine; returns what it sent. */
  async function startNode(opts: { join: boolean; base?: string[]; joinedAt?: number }): Promise<{ node: RaftNode; sent: Message[] }> {
    const { transport, sent } = recordingTransport();
    const store = {
      dataDir: '/nowhere',
      identity: async () => undefined,
      saveIdentity: async () => undefined,
      load: async () => ({
        hardState: { term: 0, vote: '', commit: 0 },
        snapshot: opts.base === undefined ? undefined : { index: 0, term: 0, confState: { voters: opts.base, learners: [] } },
        entries: [],
      }),
      loadMembership: async () => ({ members: new Map(), confState: undefined }),
      save: async () => undefined,
    } as unknown as RaftStore;
    const stateMachine = { appliedIndex: async () => 0 } as unknown as KvStateMachine;
    const options: RaftNodeOptions = {
      id: 'n2',
      clusterId: 'c',
      initialPeers: new Map([['n1', 'a1'], ['n2', 'a2'], ['n3', 'a3']]),
      tickMs: 2,
      electionTicks: 5,
      heartbeatTicks: 1,
      store,
      stateMachine,
      transport,
      logger: silent as unknown as RaftNodeOptions['logger'],
      join: opts.join,
      ignoreOwnRemovalBelow: opts.joinedAt,
    };
    const node = await RaftNode.start(options);
    nodes.push(node);
    return { node, sent };
  }

  const voteRequest = (type: MessageType): Message =>
    message({ type, from: 'n3', to: 'n2', term: type === MessageType.PreVote ? 6 : 5, index: 0, logTerm: 0 });
  const votes = (sent: readonly Message[]): Message[] =>
    sent.filter((m) => ([MessageType.Vote, MessageType.PreVote, MessageType.VoteResp, MessageType.PreVoteResp] as MessageType[]).includes(m.type));

  it('never campaigns, and ignores vote and pre-vote requests', async () => {
    const { node, sent } = await startNode({ join: true });
    node.receive([voteRequest(MessageType.PreVote), voteRequest(MessageType.Vote)]);
    // 30 election timeouts (5-10 ticks of 2 ms each), in virtual time.
    await jest.advanceTimersByTimeAsync(300);
    expect(votes(sent)).toEqual([]);
    expect(node.status().confState).toEqual({ voters: [], learners: [] });
    expect(node.status().vote).toBe('');
  });

  it('nor does a node that joined with the bootstrap configuration as its base, until it applied the entry that added it', async () => {
    const { node, sent } = await startNode({ join: false, base: ['n1', 'n2', 'n3'], joinedAt: 50 });
    expect(node.catchingUpAfterJoin).toBe(true);
    node.receive([voteRequest(MessageType.PreVote), voteRequest(MessageType.Vote)]);
    await jest.advanceTimersByTimeAsync(300);
    expect(votes(sent)).toEqual([]);
    expect(node.status().confState.voters).toEqual(['n1', 'n2', 'n3']);
  });

  it('(control) a bootstrapped node with the same empty log does campaign and answer votes', async () => {
    const { node, sent } = await startNode({ join: false });
    node.receive([voteRequest(MessageType.Vote)]);
    // The same 300 virtual ms in which the nodes above stayed silent.
    await jest.advanceTimersByTimeAsync(300);
    const v = votes(sent);
    expect(v.some((m) => m.type === MessageType.VoteResp && m.to === 'n3')).toBe(true);
    expect(v.some((m) => m.type === MessageType.PreVote || m.type === MessageType.Vote)).toBe(true);
    expect(node.status().confState.voters).toEqual(['n1', 'n2', 'n3']);
  });
});
