/**
 * Whose requests the peer port hands on, by the sender's `from` and this
 * node's known configuration (voters, learners and the address book).
 *
 * A member is always heard. A sender this node does not know is refused,
 * except for what a leader or a candidate sends (appends, heartbeats,
 * snapshots, TimeoutNow, read-index answers, vote and pre-vote requests): a
 * node that lags behind the log may not yet have applied the configuration
 * that added the current leader or candidate. Refusing its appends would
 * leave it unable ever to catch up, and refusing its vote requests could
 * leave a configuration without a quorum (say {B, C, D} after A was replaced
 * by D, B down, C lagging: D needs C's vote). etcd accepts these too and
 * refuses only removed members; PreVote and CheckQuorum in the core keep a
 * stray candidate from disrupting a healthy leader. Everything else needs
 * membership: responses (a node waits only on members it wrote to, and a
 * leader on members it replicates to), and the requests only a leader serves
 * (forwarded proposals, membership changes, lease calls): the leader holds
 * the newest configuration, and a joining learner forwards only once the
 * leader has applied its addition.
 */
import { MessageType, type Message, type NodeId } from '../raft/types';
import { boundedForLog } from '../security/untrusted-text';

/** What a leader or a candidate sends: heard from unknown senders (see above). */
const FROM_A_LEADER_OR_CANDIDATE: ReadonlySet<MessageType> = new Set([
  MessageType.App,
  MessageType.Heartbeat,
  MessageType.Snap,
  MessageType.TimeoutNow,
  MessageType.ReadIndexResp,
  MessageType.Vote,
  MessageType.PreVote,
]);

/** This node's view of the configuration; undefined while the node is still starting (nothing reaches the core then). */
export type KnownMembers = () => ReadonlySet<NodeId> | undefined;

export type PeerRequestKind =
  /** A Send batch of Raft messages. */
  | { readonly kind: 'messages'; readonly messages: readonly Message[] }
  /** An InstallSnapshot stream: only a leader sends one. */
  | { readonly kind: 'snapshot' }
  /** Propose, a membership change, a lease call: served by the leader only. */
  | { readonly kind: 'leader-request' };

/** Why the request may not go on, or undefined when it may. */
export function refuseSender(members: ReadonlySet<NodeId> | undefined, from: NodeId, request: PeerRequestKind): string | undefined {
  if (members === undefined || members.has(from)) return undefined;
  if (request.kind === 'snapshot') return undefined;
  if (request.kind === 'messages' && request.messages.every((m) => FROM_A_LEADER_OR_CANDIDATE.has(m.type))) return undefined;
  return `sender "${boundedForLog(from)}" is not a member of this node's configuration`;
}
