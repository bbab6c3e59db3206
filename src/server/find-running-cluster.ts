/**
 * What a node with an empty data dir does on start (docs/membership.md,
 * "Starting with an empty data dir"). Bootstrapping writes the initial
 * configuration, after which the node votes; a member whose disk was lost
 * must not do that, since it forgot its votes and the entries it acknowledged
 * (a leader lacking committed entries could win with its vote). So before
 * bootstrapping, the node asks every initial peer, on its peer port
 * (RaftService.Probe), where it stands:
 *
 * - a peer with a cluster that lists us, and whose log holds entries: our
 *   disk was lost (or the others formed the cluster before we first started;
 *   we cannot tell, and replacing is safe either way). Ask the cluster to
 *   replace us (remove our old incarnation, add us back as a learner), then
 *   join.
 * - a peer with a cluster that does not list us: join it (a StatefulSet
 *   grown by helm upgrade, or a member removed and started afresh).
 * - a majority of the initial voters, this node counted, answers empty
 *   (deciding, like us) or fresh (the initial configuration listing us, and
 *   no entry in its log), and no peer that answers holds data: bootstrap,
 *   as etcd forms from a majority. The silent ones may be Pending pods.
 *   Votes and acknowledgements we may have given before matter only through
 *   entries: an elected leader appends one at once, and an acknowledged
 *   entry is in the log that acknowledged it. Why silence is no danger
 *   within Raft's own fault budget (fewer than half of the voters faulty):
 *   an entry committed under the initial configuration is on a majority M;
 *   our answering majority Q meets M, and every node of Q but us answered
 *   without entries. So either nothing was committed, or M and Q meet only
 *   in us (our disk was lost: one fault) and the rest of M, at least half of
 *   the voters, is silent, which is beyond the budget (docs/kubernetes.md,
 *   "Forming a new cluster").
 * - otherwise (no majority yet, none with a cluster): keep probing. Never
 *   bootstrap on a guess.
 *
 * "Fresh" is what keeps a new cluster from deadlocking: peers that bootstrapped
 * first but cannot elect a leader without us stay fresh, so we bootstrap too;
 * once they elected one (a quorum without us), replacing us is live.
 */
import { errorMessage } from '../errors';
import type { ConfState, NodeId, SnapshotMetadata, Status } from '../raft/types';
import type { ProbeRequest, ProbeResponse } from '../transport/probe-method';

export type StartDecision =
  | { readonly action: 'bootstrap'; readonly reason: string }
  | { readonly action: 'join'; readonly via: readonly string[]; readonly reason: string }
  | { readonly action: 'replace'; readonly via: readonly string[]; readonly reason: string }
  | { readonly action: 'wait'; readonly reason: string };

/**
 * The decision for `selfId` given each other initial peer's answer
 * (undefined: unreachable). Pure; see the file comment for the rule.
 */
export function decideStart(selfId: NodeId, answers: ReadonlyMap<NodeId, ProbeResponse | undefined>): StartDecision {
  if (answers.size === 0) return { action: 'bootstrap', reason: 'no other initial peers' };
  const replied = [...answers.values()].filter((a): a is ProbeResponse => a !== undefined);
  const existing = replied.filter((a) => !(a.state === 'empty' || (a.state === 'member' && a.fresh && isMemberOf(a.confState, selfId))));
  if (existing.length > 0) {
    const listedBy = existing.filter((a) => a.state !== 'removed' && isMemberOf(a.confState, selfId)).map((a) => a.nodeId);
    // Through whom to ask: members first, those that know a leader first; never a removed node.
    const rank = (a: ProbeResponse): number => (a.state === 'member' ? 0 : 2) + (a.leaderId !== '' ? 0 : 1);
    const via = existing
      .filter((a) => a.state !== 'removed' && a.clientAddress !== '')
      .sort((a, b) => rank(a) - rank(b))
      .map((a) => a.clientAddress);
    if (via.length === 0) return { action: 'wait', reason: `only removed nodes (${existing.map((a) => a.nodeId).join(', ')}) hold data` };
    if (listedBy.length > 0) {
      return { action: 'replace', via, reason: `the running cluster lists this node as a member (${listedBy.join(', ')} say so) but its data dir is empty` };
    }
    return { action: 'join', via, reason: `a cluster is running (${existing.map((a) => a.nodeId).join(', ')}) and does not list this node` };
  }
  // Every answer is empty or fresh and lists us: bootstrap once a majority of the initial voters (us included) said so.
  const voters = answers.size + 1;
  const needed = Math.floor(voters / 2) + 1;
  const agreeing = 1 + replied.length;
  const silent = [...answers].filter(([, a]) => a === undefined).map(([id]) => id);
  if (agreeing < needed) {
    return { action: 'wait', reason: `no answer yet from ${silent.join(', ')} (${agreeing} of ${voters} initial voters, this one included, hold no data; a new cluster needs ${needed})` };
  }
  return {
    action: 'bootstrap',
    reason: silent.length === 0
      ? 'every initial peer is empty too, or bootstrapped the same new cluster and holds no entry yet'
      : `${agreeing} of ${voters} initial voters (a majority, this one included) hold no data and nobody that answers does; ${silent.join(', ')} will join when it starts`,
  };
}

export interface ProbeLoopOptions {
  readonly selfId: NodeId;
  readonly clusterId: string;
  /** The other initial peers (id → peer address), read again every round (DNS discovery may move them). */
  readonly peers: () => ReadonlyMap<NodeId, string>;
  readonly probe: (address: string, req: ProbeRequest, timeoutMs: number) => Promise<ProbeResponse>;
  readonly probeTimeoutMs: number;
  readonly logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  /** Pause between rounds; default 250 ms. */
  readonly intervalMs?: number;
  /** While waiting, the same reason is logged again at most this often; default 10 s. */
  readonly logEveryMs?: number;
  /** Stop waiting (throws) once this returns true, e.g. the server is closing. */
  readonly aborted?: () => boolean;
  /** Told every round that decides to wait, with the reason (for /readyz while starting). */
  readonly onWaiting?: (reason: string) => void;
}

/** Probes every round until the decision is not "wait"; logs the waiting reason when it changes and every logEveryMs. */
export async function probeUntilDecided(opts: ProbeLoopOptions): Promise<Exclude<StartDecision, { action: 'wait' }>> {
  let lastReason = '';
  let lastLogged = 0;
  const logEveryMs = opts.logEveryMs ?? 10_000;
  for (let round = 1; ; round += 1) {
    if (opts.aborted?.() === true) throw new Error('stopped while probing the initial peers');
    const peers = [...opts.peers()];
    const answers = new Map<NodeId, ProbeResponse | undefined>();
    const errors: Record<string, string> = {};
    await Promise.all(
      peers.map(async ([id, address]) => {
        try {
          answers.set(id, await opts.probe(address, { clusterId: opts.clusterId, from: opts.selfId }, opts.probeTimeoutMs));
        } catch (err) {
          answers.set(id, undefined);
          errors[id] = errorMessage(err);
        }
      }),
    );
    const decision = decideStart(opts.selfId, answers);
    if (decision.action !== 'wait') {
      const states = Object.fromEntries([...answers].map(([id, a]) => [id, a === undefined ? 'unreachable' : a.fresh ? `${a.state} (fresh)` : a.state]));
      opts.logger.info({ round, peers: states, decision: decision.action }, `start-up probe: ${decision.reason}`);
      return decision;
    }
    opts.onWaiting?.(decision.reason);
    const now = Date.now();
    if (decision.reason !== lastReason || now - lastLogged >= logEveryMs) {
      opts.logger.info({ round, errors }, `not bootstrapping yet: ${decision.reason}; probing the initial peers again`);
      lastReason = decision.reason;
      lastLogged = now;
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 250));
  }
}

/** What the answering side needs to know to answer a probe. */
export interface ProbeAnswerContext {
  readonly nodeId: NodeId;
  /** This node's cluster id, for a joining node to take (learn-cluster-id.ts). */
  readonly clusterId?: string;
  readonly clientAddress: string;
  /** The initial voters (--peers ids), this node included. */
  readonly initialVoters: readonly NodeId[];
  /** Before the node exists: deciding (empty), or decided to join (joining). */
  readonly phase: 'deciding' | 'joining';
}

/** The parts of RaftNode a probe answer reads. */
export interface ProbedNode {
  status(): Status;
  readonly removed: boolean;
  /** Joined and not yet past the entry that added it (RaftNode.catchingUpAfterJoin). */
  readonly catchingUpAfterJoin: boolean;
  readonly logBase: SnapshotMetadata;
}

/** This node's answer to a probe; `node` is undefined until the node started. */
export function answerProbe(node: ProbedNode | undefined, ctx: ProbeAnswerContext): ProbeResponse {
  const none = { voters: [], learners: [] };
  const base = { nodeId: ctx.nodeId, clientAddress: ctx.clientAddress, ...(ctx.clusterId !== undefined && { clusterId: ctx.clusterId }) };
  if (node === undefined) {
    const state = ctx.phase === 'deciding' ? 'empty' : 'joining';
    return { ...base, state, confState: none, leaderId: '', fresh: false, term: 0, commit: 0, baseIndex: 0, baseConfState: none };
  }
  const s = node.status();
  const cs = s.confState;
  const state = node.removed ? 'removed' : node.catchingUpAfterJoin ? 'joining' : 'member';
  const initial = cs.learners.length === 0 && sameMembers(cs.voters, ctx.initialVoters);
  const logBase = node.logBase;
  return {
    ...base,
    state,
    confState: { voters: [...cs.voters], learners: [...cs.learners] },
    leaderId: s.lead,
    fresh: state === 'member' && initial && s.lastIndex === 0,
    term: s.term,
    commit: s.commit,
    baseIndex: logBase.index,
    baseConfState: { voters: [...logBase.confState.voters], learners: [...logBase.confState.learners] },
  };
}

function isMemberOf(cs: ConfState, id: NodeId): boolean {
  return cs.voters.includes(id) || cs.learners.includes(id);
}

function sameMembers(a: readonly NodeId[], b: readonly NodeId[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}
