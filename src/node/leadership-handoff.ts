/**
 * Moving leadership on purpose: to a chosen voter (ClusterService
 * TransferLeader, etcd's MoveLeader), or to the most caught-up voter when
 * the leader stops, so a rolling restart costs no election timeout.
 */
import { NONE, type NodeId } from '../raft/types';
import { FailedPreconditionError, NoLeaderError, TimeoutError } from '../errors';
import { delay, msUntil } from './deadline';
import type { NodeContext } from './node-context';

/**
 * Leader only: hands leadership to the voter `to` and resolves once it
 * leads. Any other node refuses with FailedPreconditionError naming the
 * leader (see docs/operations.md for why it does not forward).
 */
export async function transferLeadership(ctx: NodeContext, to: NodeId, deadline: Date): Promise<NodeId> {
  ctx.assertOpen();
  const lead = ctx.leader();
  const self = ctx.opts.id;
  if (lead === NONE) throw new NoLeaderError();
  if (lead !== self) {
    if (lead === to) return to;
    throw new FailedPreconditionError(`node ${self} is not the leader; send the transfer to the leader ${lead}`, lead);
  }
  if (to === self) return to;
  if (!ctx.raw.status().confState.voters.includes(to)) throw new FailedPreconditionError(`${to} is not a voter, so it cannot lead`);
  ctx.raw.transferLeadership(to);
  ctx.schedule();
  while (ctx.leader() !== to) {
    if (msUntil(deadline) === 0) {
      throw new TimeoutError(`leadership did not pass to ${to} before the deadline (leader is ${ctx.leader() || 'unknown'}); it may still pass`);
    }
    ctx.assertOpen();
    await delay(ctx.opts.tickMs);
  }
  return to;
}

/**
 * A leader that stops hands leadership to the most caught-up voter first
 * (TimeoutNow). Bounded by two election timeouts; on failure the cluster
 * simply elects as usual.
 */
export async function handOffLeadership(ctx: NodeContext): Promise<void> {
  const self = ctx.opts.id;
  if (ctx.leader() !== self) return;
  const s = ctx.raw.status();
  let target: NodeId = NONE;
  let best = -1;
  for (const id of s.confState.voters) {
    const match = s.progress.get(id)?.match ?? -1;
    if (id !== self && match > best) {
      best = match;
      target = id;
    }
  }
  if (target === NONE) return;
  const started = Date.now();
  ctx.raw.transferLeadership(target);
  ctx.schedule();
  const timeoutMs = ctx.opts.tickMs * ctx.opts.electionTicks * 2;
  // The transferee's campaign first makes us a follower with no known
  // leader; wait until some other node is known to lead.
  const settled = (): boolean => ctx.leader() !== self && ctx.leader() !== NONE;
  while (!settled() && Date.now() - started < timeoutMs) await delay(ctx.opts.tickMs / 2);
  ctx.opts.logger.info(
    { target, match: best, ms: Date.now() - started },
    settled() ? `handed leadership to ${ctx.leader()} before stopping` : `leadership did not pass to ${target}; stopping anyway`,
  );
}
