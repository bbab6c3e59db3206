import type { RaftConfig } from './config';
import { encodeConfChange } from './confchange';
import { MalformedMessageError } from './errors';
import { Raft } from './raft';
import {
  type ConfChange,
  type ConfState,
  type PeerProgress,
  EntryType,
  MessageType,
  Role,
  message,
  type HardState,
  type Message,
  type NodeId,
  type Ready,
  type SoftState,
  type Status,
} from './types';

const LOCAL_TYPES: ReadonlySet<MessageType> = new Set<MessageType>([
  MessageType.Hup,
  MessageType.Beat,
  MessageType.Prop,
  MessageType.TransferLeader,
  MessageType.CheckQuorum,
]);

/**
 * The driver's handle on one Raft core (see README.md for the Ready
 * contract). Synchronous and single-threaded: take one Ready, carry it out,
 * `advance` it, and only then take the next.
 */
export class RawNode {
  readonly #raft: Raft;
  #prevSoftState: SoftState;
  #prevHardState: HardState;

  constructor(config: RaftConfig) {
    this.#raft = new Raft(config);
    this.#prevSoftState = this.#raft.softState();
    this.#prevHardState = this.#raft.hardState();
  }

  tick(): void {
    this.#raft.tick();
  }

  /** Starts an election now (a pre-vote first when enabled). */
  campaign(): void {
    this.#raft.step(message({ type: MessageType.Hup, from: this.#raft.id, to: this.#raft.id }));
  }

  /**
   * Appends `data` to the leader's log and returns where it went; the entry
   * is committed once it shows up in a Ready's committedEntries at that index
   * and term. Throws ProposalDroppedError (nothing appended) when this node is
   * not the leader or a leadership transfer is in progress, and UncommittedLimitError
   * (nothing appended) when the leader already holds limits.maxUncommittedBytes uncommitted.
   */
  propose(data: Uint8Array): { index: number; term: number } {
    const r = this.#raft;
    r.step(
      message({
        type: MessageType.Prop,
        from: r.id,
        to: r.id,
        entries: [{ index: 0, term: 0, type: EntryType.Normal, data }],
      }),
    );
    return { index: r.raftLog.lastIndex(), term: r.term };
  }

  /**
   * Appends a membership change (single-server, thesis §4.1) to the leader's
   * log; like `propose`, it is committed once an entry with this index and
   * term shows up in committedEntries. The new configuration is in force on
   * this node at once (as on each node once the entry reaches its log); the
   * driver calls applyConfChange when it applies the committed entry.
   *
   * Throws ProposalDroppedError (nothing appended, retry later) when this node
   * is not the leader, a leadership transfer is in progress, an earlier
   * change is not applied yet, or this leader has not yet committed an entry
   * of its own term. Throws ConfChangeError when the change makes no sense
   * against the current configuration (removing a non-member or the last
   * voter, promoting a non-learner, adding a member twice).
   */
  proposeConfChange(cc: ConfChange): { index: number; term: number } {
    const r = this.#raft;
    r.step(
      message({
        type: MessageType.Prop,
        from: r.id,
        to: r.id,
        entries: [{ index: 0, term: 0, type: EntryType.ConfChange, data: encodeConfChange(cc) }],
      }),
    );
    return { index: r.raftLog.lastIndex(), term: r.term };
  }

  /**
   * The driver applies a committed ConfChange entry (decodeConfChange of its
   * data): returns the configuration as of that entry. Persist it with the
   * applied index, and pass it to MemoryStorage.compact / snapshot metadata
   * for snapshots taken at or after that index. Call it for every ConfChange
   * entry in committedEntries, in order, before advance.
   */
  applyConfChange(cc: ConfChange): ConfState {
    return this.#raft.applyConfChange(cc);
  }

  /**
   * The configuration in force at `index` (at or after the log's beginning):
   * what MemoryStorage.compact and snapshot metadata need for that index.
   */
  confStateAt(index: number): ConfState {
    return this.#raft.confHistory.at(index);
  }

  /**
   * Index of the ConfChange entry in this log that last added `id`, the
   * snapshot's index when it has been a member since before the log begins,
   * or undefined when it is not a member.
   */
  memberSince(id: NodeId): number | undefined {
    return this.#raft.confHistory.memberSince(id);
  }

  /** The transport failed to deliver to `to`: a leader goes back to probing it (etcd ReportUnreachable). */
  reportUnreachable(to: NodeId): void {
    this.#raft.reportUnreachable(to);
  }

  /**
   * Leader: the driver finished (or failed) streaming the snapshot a MsgSnap
   * to `to` asked for. The peer leaves the Snapshot state and is probed again
   * after its next heartbeat answer.
   */
  reportSnapshot(to: NodeId, status: 'finish' | 'failure'): void {
    this.#raft.reportSnapshot(to, status === 'finish');
  }

  /**
   * Feeds a message from a peer. Throws MalformedMessageError, changing
   * nothing, for a message no correct peer sends (a local type, term 0,
   * addressed elsewhere, entries not following their index): the driver drops
   * it. Any other error (CorruptLogError, RaftInvariantError) means this
   * node's own state cannot be trusted: the driver must stop the node.
   */
  step(m: Message): void {
    const r = this.#raft;
    const problem = malformation(m, r.id);
    if (problem !== undefined) {
      throw new MalformedMessageError(`${r.id} dropped malformed ${m.type} from ${m.from}: ${problem}`);
    }
    r.step(m);
  }

  /**
   * Requests a linearizable read. A ReadState with the same context appears in
   * a later Ready; serve the read once applied >= its index. Throws
   * ProposalDroppedError when no leader is known.
   */
  readIndex(ctx: Uint8Array): void {
    const r = this.#raft;
    r.step(message({ type: MessageType.ReadIndex, from: r.id, to: r.id, context: ctx }));
  }

  /** Leader only: hands leadership to `transferee` once its log is caught up. Ignored elsewhere. */
  transferLeadership(transferee: NodeId): void {
    const r = this.#raft;
    r.step(message({ type: MessageType.TransferLeader, from: transferee, to: r.id }));
  }

  hasReady(): boolean {
    const r = this.#raft;
    const u = r.raftLog.unstable;
    return (
      !softStateEqual(r.softState(), this.#prevSoftState) ||
      !hardStateEqual(r.hardState(), this.#prevHardState) ||
      u.nextSnapshot() !== undefined ||
      u.offsetInProgress < u.offset + u.entries.length ||
      r.msgs.length > 0 ||
      r.readStates.length > 0 ||
      r.raftLog.hasNextCommittedEnts()
    );
  }

  /** Everything to do now; the caller must carry it out and then call advance(ready). */
  ready(): Ready {
    const r = this.#raft;
    const u = r.raftLog.unstable;
    const soft = r.softState();
    const hard = r.hardState();
    const entries = u.nextEntries();
    const snapshot = u.nextSnapshot();
    const committedEntries = r.raftLog.nextCommittedEnts(r.limits.maxCommittedBytesPerReady);
    const softChanged = !softStateEqual(soft, this.#prevSoftState);
    const hardChanged = !hardStateEqual(hard, this.#prevHardState);
    const rd: Ready = {
      ...(softChanged ? { softState: soft } : {}),
      ...(hardChanged ? { hardState: hard } : {}),
      ...(snapshot !== undefined ? { snapshot } : {}),
      entries,
      committedEntries,
      messages: r.msgs,
      readStates: r.readStates,
      // The commit index alone can be recovered after a crash, so it needs no fsync.
      mustSync:
        entries.length > 0 ||
        snapshot !== undefined ||
        hard.term !== this.#prevHardState.term ||
        hard.vote !== this.#prevHardState.vote,
    };
    this.#prevSoftState = soft;
    this.#prevHardState = hard;
    r.msgs = [];
    r.readStates = [];
    u.acceptInProgress();
    const lastCommitted = committedEntries[committedEntries.length - 1];
    if (lastCommitted !== undefined) r.raftLog.acceptApplying(lastCommitted.index);
    // More was committed than one Ready may carry: the rest waits for the next one.
    if (r.raftLog.hasNextCommittedEnts()) r.boundHits.committedBytesPerReady++;
    r.reduceUncommittedBytes(committedEntries);
    return rd;
  }

  /**
   * Reports `rd` done: its snapshot, entries and hard state are durable (and
   * in the LogStorage the core reads), its messages sent, and its committed
   * entries handed to the application (the core counts them applied; the
   * driver may apply them beside its loop, as etcd's server does).
   */
  advance(rd: Ready): void {
    const r = this.#raft;
    if (rd.snapshot !== undefined) r.onSnapshotDurable(rd.snapshot);
    const last = rd.entries[rd.entries.length - 1];
    if (last !== undefined) r.onEntriesDurable(last.index, last.term);
    if (rd.hardState !== undefined) r.onHardStateDurable(rd.hardState);
    const lastApplied = rd.committedEntries[rd.committedEntries.length - 1];
    if (lastApplied !== undefined && lastApplied.index > r.raftLog.applied) r.raftLog.appliedTo(lastApplied.index);
  }

  status(): Status {
    const r = this.#raft;
    const progress = new Map<NodeId, PeerProgress>();
    if (r.role === Role.Leader) {
      for (const [id, pr] of r.trk.progress) {
        progress.set(id, {
          match: pr.match,
          next: pr.next,
          state: pr.state,
          recentActive: pr.recentActive,
          isLearner: pr.isLearner,
          inflightBytes: pr.inflights.bytes(),
        });
      }
    }
    return {
      id: r.id,
      role: r.role,
      term: r.term,
      vote: r.vote,
      lead: r.lead,
      commit: r.raftLog.committed,
      applied: r.raftLog.applied,
      lastIndex: r.raftLog.lastIndex(),
      confState: r.trk.confState(),
      progress,
      uncommittedBytes: r.uncommittedBytes,
      boundHits: { ...r.boundHits },
    };
  }

  /** Throws RaftInvariantError if an internal invariant is broken; tests call it after every step. */
  assertInvariants(): void {
    this.#raft.assertInvariants();
  }
}

function malformation(m: Message, self: NodeId): string | undefined {
  if (LOCAL_TYPES.has(m.type)) return 'a local message type';
  if (m.term === 0) return 'term 0';
  if (m.to !== self) return `addressed to ${m.to}`;
  for (let i = 0; i < m.entries.length; i++) {
    const e = m.entries[i];
    if (e !== undefined && (e.index !== m.index + 1 + i || e.term > m.term)) {
      return `entry ${e.index}/${e.term} does not follow index ${m.index + i} in term ${m.term}`;
    }
  }
  return undefined;
}

function softStateEqual(a: SoftState, b: SoftState): boolean {
  return a.lead === b.lead && a.role === b.role;
}

function hardStateEqual(a: HardState, b: HardState): boolean {
  return a.term === b.term && a.vote === b.vote && a.commit === b.commit;
}
