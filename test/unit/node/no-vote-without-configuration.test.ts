import { RaftNode, type RaftNodeOptions } from '../../../src/node/raft-node';
import { MessageType, message, type Message } from '../../../src/raft/types';
import type { RaftStore } from '../../../src/storage/raft-store';
import type { KvStateMachine } from '../../../src/kv/state-machine';
import { waitFor } from '../../support/wait';
import { recordingTransport, silent } from './support';

/**
 * Belt and braces for lost-disk safety (docs/membership.md): a node that has
 * no configuration yet (joining, or replacing its own lost disk) has an empty
 * log and forgotten votes. It must neither campaign nor grant a vote until the
 * leader's snapshot gives it a configuration.
 */
describe('a node without a configuration', () => {
  const nodes: RaftNode[] = [];
  afterEach(async () => {
    for (const n of nodes.splice(0)) await n.close();
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
    // Many election timeouts (5-10 ticks of 2 ms each).
    await new Promise((r) => setTimeout(r, 300));
    expect(votes(sent)).toEqual([]);
    expect(node.status().confState).toEqual({ voters: [], learners: [] });
    expect(node.status().vote).toBe('');
  });

  it('nor does a node that joined with the bootstrap configuration as its base, until it applied the entry that added it', async () => {
    const { node, sent } = await startNode({ join: false, base: ['n1', 'n2', 'n3'], joinedAt: 50 });
    expect(node.catchingUpAfterJoin).toBe(true);
    node.receive([voteRequest(MessageType.PreVote), voteRequest(MessageType.Vote)]);
    await new Promise((r) => setTimeout(r, 300));
    expect(votes(sent)).toEqual([]);
    expect(node.status().confState.voters).toEqual(['n1', 'n2', 'n3']);
  });

  it('(control) a bootstrapped node with the same empty log does campaign and answer votes', async () => {
    const { node, sent } = await startNode({ join: false });
    node.receive([voteRequest(MessageType.Vote)]);
    await waitFor('a vote answer and a campaign', () => {
      const v = votes(sent);
      return v.some((m) => m.type === MessageType.VoteResp && m.to === 'n3') && v.some((m) => m.type === MessageType.PreVote || m.type === MessageType.Vote);
    }, 5_000, 10);
    expect(node.status().confState.voters).toEqual(['n1', 'n2', 'n3']);
  });
});
