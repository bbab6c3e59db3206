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
import type { NodeId } from '../raft/types';

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
}

const FIRST_BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 2_000;

/**
 * Calls AddMember until it succeeds or the deadline passes, backing off
 * between attempts; returns the cluster's address book and an applied index
 * at or after the addition (see AddMemberResponse.applied_index). Every failure but
 * bad input is retried: AddMember is idempotent for the same id and
 * addresses, so a retry after a lost answer is safe.
 */
export async function joinCluster(opts: JoinOptions): Promise<{ book: Map<NodeId, MemberContext>; joinedAt: number }> {
  const deadline = Date.now() + opts.timeoutMs;
  const client = new KvClient([opts.via], { timeoutMs: opts.requestTimeoutMs });
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
