import { MessageType, Role, type Message, type NodeId } from '../../../src/raft/types';
import { SimCluster, type ClusterOptions } from './cluster';
import { Trace } from './trace';

/**
 * Helpers for scripted scenarios: a story told step by step against the
 * same cluster and checkers the fuzzer uses, with the network deciding
 * message by message what gets through.
 */

/** A cluster for a script: no PreVote or CheckQuorum unless asked, and a verbose trace when SIM_TRACE is set. */
export function scriptedCluster(options: Partial<Omit<ClusterOptions, 'trace'>> & Pick<ClusterOptions, 'nodes'>): SimCluster {
  return new SimCluster({
    seed: 1,
    electionTick: 10,
    heartbeatTick: 1,
    preVote: false,
    checkQuorum: false,
    maxEntriesPerMessage: 64,
    maxInflightMessages: 256,
    trace: new Trace({ keep: 200, verbose: process.env.SIM_TRACE !== undefined }),
    ...options,
  });
}

export function isVoteTraffic(m: Message): boolean {
  return (
    m.type === MessageType.Vote ||
    m.type === MessageType.VoteResp ||
    m.type === MessageType.PreVote ||
    m.type === MessageType.PreVoteResp
  );
}

/** Whether m travels between a and b, either way. */
export function between(m: Message, a: NodeId, b: NodeId): boolean {
  return (m.from === a && m.to === b) || (m.from === b && m.to === a);
}

/**
 * Makes `candidate` leader with the votes of `voters` only: it campaigns
 * (again, in a higher term, when a voter had already voted in this one) while
 * only vote traffic between it and the voters gets through. Replication is
 * dropped, but the new leader persists its no-op entry.
 */
export function elect(cluster: SimCluster, candidate: NodeId, voters: readonly NodeId[], attempts = 3): void {
  for (let a = 0; a < attempts; a++) {
    cluster.campaign(candidate);
    cluster.settle((m) => isVoteTraffic(m) && voters.some((v) => between(m, candidate, v)));
    if (cluster.node(candidate).status?.role === Role.Leader) return;
  }
  throw new Error(`${candidate} did not win an election with votes from ${voters.join(', ')}`);
}

/** Delivers the first in-flight message that `which` accepts; throws when none does. */
export function deliverFirst(cluster: SimCluster, which: (m: Message) => boolean): void {
  const i = cluster.network.inFlight.findIndex((f) => which(f.message));
  if (i < 0) throw new Error('no such message in flight');
  cluster.deliver(i);
}
