/**
 * `--join`: a node with an empty data dir asks a running cluster to add it
 * (ClusterService.AddMember through any member; followers forward to the
 * leader) and learns the address book from the answer. It then starts with
 * an empty log and the leader sends it the configuration and the log.
 */
import * as grpc from '@grpc/grpc-js';
import { KvClient } from '../cli/kv-client';
import type { MemberContext } from '../codec/member-codec';
import { ConfigError, errorMessage } from '../errors';
import type { ConfState, NodeId } from '../raft/types';
import type { ProbeRequest, ProbeResponse } from '../transport/probe-method';

export interface JoinOptions {
  /** Client address of any member. */
  readonly via: string;
  readonly id: NodeId;
  readonly peerAddress: string;
  readonly clientAddress: string;
  /** Give up after this long. */
  readonly timeoutMs: number;
  /** Deadline of one AddMember call. */
  readonly requestTimeoutMs: number;
  readonly logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  /** TLS towards the members' client ports (--cert-file family); default plaintext. */
  readonly credentials?: grpc.ChannelCredentials;
}

const FIRST_BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 2_000;

/**
 * Calls AddMember until it succeeds or the deadline passes, backing off
 * between attempts; returns the cluster's address book and the log index of
 * the entry that added this node (AddMemberResponse.applied_index). Every failure but
 * bad input is retried: AddMember is idempotent for the same id and
 * addresses, so a retry after a lost answer is safe.
 */
export async function joinCluster(opts: JoinOptions): Promise<{ book: Map<NodeId, MemberContext>; joinedAt: number }> {
  const deadline = Date.now() + opts.timeoutMs;
  const client = new KvClient([opts.via], { timeoutMs: opts.requestTimeoutMs, ...(opts.credentials !== undefined ? { credentials: opts.credentials } : {}) });
  let backoff = FIRST_BACKOFF_MS;
  try {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const res = await client.addMember(opts.id, opts.peerAddress, opts.clientAddress, false);
        const book = new Map<NodeId, MemberContext>();
        for (const m of res.members) {
          if (m.peer_address !== '') book.set(m.id, { peerAddress: m.peer_address, clientAddress: m.client_address, autoPromote: false });
        }
        const joinedAt = Number(res.applied_index);
        opts.logger.info({ via: opts.via, attempt, members: [...book.keys()], joinedAt }, 'the cluster added this node as a learner');
        return { book, joinedAt };
      } catch (err) {
        const code = (err as Partial<grpc.ServiceError>).code;
        if (code === grpc.status.INVALID_ARGUMENT) throw new ConfigError([`--join: ${opts.via} refused to add this node: ${errorMessage(err)}`]);
        if (Date.now() + backoff > deadline) {
          throw new Error(`could not join the cluster through ${opts.via} within ${opts.timeoutMs} ms: ${errorMessage(err)}`, { cause: err });
        }
        opts.logger.warn({ via: opts.via, attempt, err: errorMessage(err), retryInMs: backoff }, 'joining the cluster failed; retrying');
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
      }
    }
  } finally {
    client.close();
  }
}

export interface RemoveStaleSelfOptions {
  /** Client addresses of members to ask (any of them; followers forward to the leader). */
  readonly via: readonly string[];
  readonly id: NodeId;
  /** Deadline of one call. */
  readonly requestTimeoutMs: number;
  readonly logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  /** Stop trying (throws) once this returns true, e.g. the server is closing. */
  readonly aborted?: () => boolean;
  /** TLS towards the members' client ports; default plaintext. */
  readonly credentials?: grpc.ChannelCredentials;
}

const MAX_REMOVE_BACKOFF_MS = 5_000;

/**
 * A lost disk (find-running-cluster.ts): the cluster still lists this id,
 * whose log and votes are gone. Removes that old incarnation, so that the
 * node can join afresh (joinCluster) and vote again only once promoted with
 * a caught-up log. Retries until the cluster no longer lists the id, with no
 * deadline: without a quorum of the others nothing can change, and
 * bootstrapping instead would be unsafe (logged at warn, at most one line per
 * attempt, attempts at most 5 s apart).
 */
export async function removeStaleSelf(opts: RemoveStaleSelfOptions): Promise<void> {
  const client = new KvClient(opts.via, { timeoutMs: opts.requestTimeoutMs, ...(opts.credentials !== undefined ? { credentials: opts.credentials } : {}) });
  let backoff = FIRST_BACKOFF_MS;
  try {
    for (let attempt = 1; ; attempt += 1) {
      if (opts.aborted?.() === true) throw new Error('stopped while asking the cluster to remove this node');
      try {
        // Asked again every attempt: a lost answer may hide a removal that happened.
        if (!(await client.listMembers()).members.some((m) => m.id === opts.id)) {
          opts.logger.info({ attempt }, 'the cluster does not list this node (any more)');
          return;
        }
        await client.removeMember(opts.id);
        opts.logger.warn({ attempt }, `lost disk: removed the previous incarnation of ${opts.id} from the cluster; joining again as a learner`);
        return;
      } catch (err) {
        opts.logger.warn(
          { attempt, err: errorMessage(err), retryInMs: backoff },
          `lost disk: asking the cluster to remove the previous incarnation of ${opts.id} failed; retrying (a cluster without a quorum of the other members cannot do it)`,
        );
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(MAX_REMOVE_BACKOFF_MS, backoff * 2);
      }
    }
  } finally {
    client.close();
  }
}

export interface JoinBaseOptions {
  readonly selfId: NodeId;
  readonly clusterId: string;
  /** The address book the cluster answered AddMember with. */
  readonly book: ReadonlyMap<NodeId, MemberContext>;
  readonly probe: (address: string, req: ProbeRequest, timeoutMs: number) => Promise<ProbeResponse>;
  readonly probeTimeoutMs: number;
  /** Give up after this many rounds over the members (default 5, 500 ms apart). */
  readonly rounds?: number;
  readonly logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

/**
 * The configuration a joining node's log starts from. A leader whose log
 * begins at index 0 replicates to a member of its bootstrap configuration
 * from entry 1 on, without a snapshot; the joining node must then know that
 * configuration, or it rebuilds one from the ConfChange entries alone (an id
 * removed and added back would end up the only voter of its own view). Every
 * node whose log begins at 0 holds the same bootstrap configuration, so any
 * member's answer will do. Undefined when no member's log begins at 0 (the
 * leader then sends a snapshot, which carries its configuration) or none
 * answered.
 */
export async function fetchJoinBase(opts: JoinBaseOptions): Promise<ConfState | undefined> {
  const others = [...opts.book].filter(([id, m]) => id !== opts.selfId && m.peerAddress !== '');
  const rounds = opts.rounds ?? 5;
  for (let round = 1; round <= rounds; round += 1) {
    const answers = await Promise.all(
      others.map(([, m]) => opts.probe(m.peerAddress, { clusterId: opts.clusterId, from: opts.selfId }, opts.probeTimeoutMs).catch(() => undefined)),
    );
    const replied = answers.filter((a): a is ProbeResponse => a !== undefined && a.baseConfState.voters.length > 0);
    const atZero = replied.find((a) => a.baseIndex === 0);
    if (atZero !== undefined) {
      opts.logger.info({ from: atZero.nodeId, voters: atZero.baseConfState.voters }, 'starting from the cluster\'s bootstrap configuration; the leader sends the log after it');
      return atZero.baseConfState;
    }
    // Only the leader's log matters: settle once it (or every member) answered.
    const leaderAnswered = replied.some((a) => a.leaderId === a.nodeId);
    if (leaderAnswered || replied.length === others.length) {
      opts.logger.info({ baseIndexes: Object.fromEntries(replied.map((a) => [a.nodeId, a.baseIndex])) }, 'the members\' logs are compacted: waiting for the leader\'s snapshot');
      return undefined;
    }
    if (round < rounds) await new Promise((r) => setTimeout(r, 500));
  }
  opts.logger.warn({ members: others.map(([id]) => id) }, 'no member told where its log begins: waiting for the leader\'s snapshot');
  return undefined;
}
