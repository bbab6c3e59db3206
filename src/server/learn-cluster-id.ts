/**
 * A joining node takes the cluster id of the cluster it joins: it cannot
 * derive it (the cluster was created from other flags, or before ids were
 * derived), so it asks the members the cluster answered AddMember with, on
 * their peer ports, with an empty cluster id (which any node answers), and
 * takes the first id a member names. With --cluster-id set the probe carries
 * it, and only members of that cluster answer.
 */
import type { MemberContext } from '../codec/member-codec';
import type { NodeId } from '../raft/types';
import type { ProbeRequest, ProbeResponse } from '../transport/probe-method';

export interface LearnClusterIdOptions {
  readonly selfId: NodeId;
  /** --cluster-id when set, else "" (any cluster answers). */
  readonly clusterId: string;
  /** The address book the cluster answered AddMember with. */
  readonly book: ReadonlyMap<NodeId, MemberContext>;
  readonly probe: (address: string, req: ProbeRequest, timeoutMs: number) => Promise<ProbeResponse>;
  readonly probeTimeoutMs: number;
  /** Rounds over the members before giving up (default 5, `intervalMs` apart). */
  readonly rounds?: number;
  readonly intervalMs?: number;
}

/** The cluster id a member names; undefined when none answered with one (every member too old to say). */
export async function learnClusterId(opts: LearnClusterIdOptions): Promise<string | undefined> {
  const others = [...opts.book].filter(([id, m]) => id !== opts.selfId && m.peerAddress !== '');
  const rounds = opts.rounds ?? 5;
  for (let round = 1; round <= rounds; round += 1) {
    const answers = await Promise.all(
      others.map(([, m]) => opts.probe(m.peerAddress, { clusterId: opts.clusterId, from: opts.selfId }, opts.probeTimeoutMs).catch(() => undefined)),
    );
    // Members only: a node that is itself still joining may not know the id yet.
    const named = answers.find((a) => a !== undefined && a.state === 'member' && a.clusterId !== undefined && a.clusterId !== '');
    if (named?.clusterId !== undefined) return named.clusterId;
    if (answers.some((a) => a !== undefined && a.state === 'member')) return undefined;
    if (round < rounds) await new Promise((r) => setTimeout(r, opts.intervalMs ?? 500));
  }
  return undefined;
}
