/**
 * DESIGN §2: a node bootstraps a new cluster only when its data dir is empty
 * *and* no existing cluster answers; otherwise it joins. With DNS discovery
 * every pod of the StatefulSet is a candidate initial voter, so a pod that
 * `helm upgrade --set replicaCount=5` creates with an empty volume would
 * otherwise bootstrap a configuration of its own instead of joining. Before
 * bootstrapping, ask the other pods whether a cluster with a leader is
 * already running without us; if one is, join through it. A cluster that
 * already lists us is the one we are an initial voter of, formed while we
 * were slow to start: we never voted in it, so bootstrapping the same initial
 * configuration is what it expects.
 */
import type { KvClient } from '../cli/kv-client';

export interface ProbeTarget {
  readonly id: string;
  /** The pod's client address (host:port). */
  readonly clientAddress: string;
}

export type StatusProbe = (clientAddress: string) => Promise<{ leaderId: string; memberIds: readonly string[] }>;

/**
 * Returns the client address of a pod that reports a known leader and a
 * membership without `selfId`, or undefined when none does (bootstrap). Probes run
 * in parallel; an unreachable pod counts as "no cluster there".
 */
export async function findRunningCluster(selfId: string, targets: readonly ProbeTarget[], probe: StatusProbe): Promise<string | undefined> {
  const answers = await Promise.all(
    targets.map(async (t) => {
      try {
        const { leaderId, memberIds } = await probe(t.clientAddress);
        return leaderId !== '' && !memberIds.includes(selfId) ? t.clientAddress : undefined;
      } catch {
        return undefined;
      }
    }),
  );
  return answers.find((a) => a !== undefined);
}

/** A StatusProbe over gRPC with a short deadline. */
export function grpcStatusProbe(makeClient: (address: string) => KvClient): StatusProbe {
  return async (address) => {
    const client = makeClient(address);
    try {
      const s = await client.status();
      return { leaderId: s.leader_id, memberIds: s.members.map((m) => m.id) };
    } finally {
      client.close();
    }
  };
}
