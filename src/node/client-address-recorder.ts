/**
 * Records this node's client address in the replicated address book.
 *
 * Initial members bootstrap from `--peers`, which names peer addresses only,
 * so each knows its own client address and no one else's: ListMembers and
 * `kvctl status` could not reach them. Once a leader is known and this node's
 * own record lacks its client address (or holds another one), it proposes a
 * member-update command; applied through the log, every node's address book
 * (and snapshot) then agrees. Members that joined with --join were recorded by
 * AddMember already, so for them this does nothing.
 *
 * The command is idempotent (it sets a field), so any attempt whose outcome is
 * unknown is simply retried; only a deterministic refusal stops it early.
 * Attempts back off and stop after a bounded time; the next start tries again.
 */
import type { MemberContext } from '../codec/member-codec';
import { InvalidArgumentError, errorMessage } from '../errors';
import { decodeResult, encodeCommand } from '../kv/command';
import type { Logger } from '../logger';
import { NONE, type NodeId } from '../raft/types';
import type { AppliedEntry } from './proposal-registry';

/** What the recorder needs of RaftNode. */
export interface RecorderNode {
  readonly id: NodeId;
  /** The known leader, NONE when none. */
  readonly leader: NodeId;
  /** The address book as of the applied index. */
  members(): ReadonlyMap<NodeId, MemberContext>;
  propose(command: Uint8Array, deadline: Date): Promise<AppliedEntry>;
}

export interface ClientAddressRecorderOptions {
  readonly node: RecorderNode;
  /** The address to record (--advertise-client-addr). */
  readonly clientAddress: string;
  readonly logger: Logger;
  /** How often to look for a leader and this node's record while there is nothing to propose. Default 200 ms. */
  readonly pollMs?: number;
  /** Wait after the first failed attempt; doubles after each, up to maxBackoffMs. Default 500 ms. */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Deadline of one proposal. Default 5 s. */
  readonly attemptTimeoutMs?: number;
  /** Stops trying this long after start. Default 10 min. */
  readonly giveUpAfterMs?: number;
}

/** How the recorder ended. */
export type RecorderOutcome = 'recorded' | 'already-recorded' | 'refused' | 'gave-up' | 'stopped';

export class ClientAddressRecorder {
  readonly #opts: ClientAddressRecorderOptions;
  #stopped = false;
  #wake: (() => void) | undefined;
  /** Settles once the recorder ends (tests wait on it). */
  readonly done: Promise<RecorderOutcome>;

  constructor(opts: ClientAddressRecorderOptions) {
    this.#opts = opts;
    this.done = opts.clientAddress === '' ? Promise.resolve('already-recorded') : this.#run();
  }

  /** Ends the recorder at its next step (a proposal in flight runs to its deadline). */
  stop(): void {
    this.#stopped = true;
    this.#wake?.();
  }

  async #run(): Promise<RecorderOutcome> {
    const { node, clientAddress, logger } = this.#opts;
    const pollMs = this.#opts.pollMs ?? 200;
    const maxBackoffMs = this.#opts.maxBackoffMs ?? 10_000;
    const attemptTimeoutMs = this.#opts.attemptTimeoutMs ?? 5_000;
    const giveUpAt = Date.now() + (this.#opts.giveUpAfterMs ?? 10 * 60_000);
    let backoffMs = this.#opts.backoffMs ?? 500;
    let attempts = 0;
    let lastError = '';
    for (;;) {
      if (this.#stopped) return 'stopped';
      const own = node.members().get(node.id);
      if (own?.clientAddress === clientAddress) return 'already-recorded';
      if (Date.now() >= giveUpAt) {
        logger.warn({ clientAddress, attempts, err: lastError }, 'gave up recording this node\'s client address in the address book; other members may not show it');
        return 'gave-up';
      }
      // Our own record is missing while a join or a snapshot is still on its way: wait for it.
      if (node.leader === NONE || own === undefined) {
        await this.#sleep(pollMs);
        continue;
      }
      attempts += 1;
      try {
        const applied = await node.propose(encodeCommand({ op: 'member-update', id: node.id, clientAddress }), new Date(Date.now() + attemptTimeoutMs));
        const result = decodeResult(applied.result);
        if (result.error !== undefined) {
          logger.warn({ clientAddress, code: result.error.code, err: result.error.message }, 'the cluster refused to record this node\'s client address');
          return 'refused';
        }
        if (result.found) {
          logger.info({ clientAddress, index: applied.index }, 'recorded this node\'s client address in the address book');
          return 'recorded';
        }
        // The leader's book does not list us (yet): a change adding us is still on its way.
        lastError = 'the leader\'s address book does not list this node';
      } catch (err) {
        // A leader that cannot decode the command (an older release) fails it alike on every node.
        if (err instanceof InvalidArgumentError) {
          logger.warn({ clientAddress, err: errorMessage(err) }, 'the cluster refused to record this node\'s client address');
          return 'refused';
        }
        // Not attempted (no leader, leadership moving) or outcome unknown: the command is idempotent, so try again.
        lastError = errorMessage(err);
      }
      logger.debug({ clientAddress, attempts, err: lastError, retryInMs: backoffMs }, 'client address not recorded yet; retrying');
      await this.#sleep(backoffMs);
      backoffMs = Math.min(maxBackoffMs, backoffMs * 2);
    }
  }

  /** Waits ms, or less when stopped; never keeps the process alive. */
  #sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.#stopped) {
        resolve();
        return;
      }
      const timer = setTimeout(() => this.#wake?.(), ms);
      timer.unref();
      this.#wake = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
    });
  }
}
