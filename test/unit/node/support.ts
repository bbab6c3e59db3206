import { RaftNode, type RaftNodeOptions } from '../../../src/node/raft-node';
import { MessageType, message, type Message } from '../../../src/raft/types';
import type { RaftStore } from '../../../src/storage/raft-store';
import type { KvStateMachine } from '../../../src/kv/state-machine';
import type { Transport } from '../../../src/transport/transport';

/** A transport that only records what the node sends (tests deliver replies by hand). */
export function recordingTransport(): { transport: Transport; sent: Message[] } {
  const sent: Message[] = [];
  const transport: Transport = {
    send: (msgs) => sent.push(...msgs),
    propose: () => Promise.reject(new Error('unused')),
    proposeConfChange: () => Promise.reject(new Error('unused')),
    setPeers: () => undefined,
    close: async () => undefined,
  };
  return { transport, sent };
}

/** A logger that drops everything. */
export const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Node n1 of a two-voter cluster whose peer n2 is scripted: it grants every
 * vote and acknowledges every append and heartbeat, until `cut` is set.
 * Storage and state machine are in-memory fakes that accept everything.
 */
export async function nodeWithScriptedFollower(timing: { tickMs: number; electionTicks: number }): Promise<{ node: RaftNode; link: { cut: boolean } }> {
  const link = { cut: false };
  const running: { node?: RaftNode } = {};
  const answer = (m: Message): Message | undefined => {
    const reply = { from: 'n2', to: 'n1', term: m.term };
    if (m.type === MessageType.PreVote) return message({ ...reply, type: MessageType.PreVoteResp });
    if (m.type === MessageType.Vote) return message({ ...reply, type: MessageType.VoteResp });
    if (m.type === MessageType.App) return message({ ...reply, type: MessageType.AppResp, index: m.index + m.entries.length });
    if (m.type === MessageType.Heartbeat) return message({ ...reply, type: MessageType.HeartbeatResp, context: m.context });
    return undefined;
  };
  const transport: Transport = {
    send: (msgs) => {
      if (link.cut) return;
      const replies = msgs.map(answer).filter((m): m is Message => m !== undefined);
      setImmediate(() => running.node?.receive(replies));
    },
    propose: () => Promise.reject(new Error('unused')),
    proposeConfChange: () => Promise.reject(new Error('unused')),
    setPeers: () => undefined,
    close: async () => undefined,
  };
  const store = {
    dataDir: '/nowhere',
    identity: async () => undefined,
    saveIdentity: async () => undefined,
    load: async () => ({ hardState: { term: 0, vote: '', commit: 0 }, snapshot: { index: 0, term: 0, confState: { voters: ['n1', 'n2'], learners: [] } }, entries: [] }),
    loadMembership: async () => ({ members: new Map(), confState: undefined, removedSelfAt: undefined }),
    save: async () => undefined,
  } as unknown as RaftStore;
  const stateMachine = { appliedIndex: async () => 0, apply: async () => [], revision: () => 0 } as unknown as KvStateMachine;
  const options: RaftNodeOptions = {
    id: 'n1',
    clusterId: 'c',
    initialPeers: new Map([['n1', 'a1'], ['n2', 'a2']]),
    tickMs: timing.tickMs,
    electionTicks: timing.electionTicks,
    heartbeatTicks: 1,
    store,
    stateMachine,
    transport,
    logger: silent,
  };
  const node = await RaftNode.start(options);
  running.node = node;
  return { node, link };
}
