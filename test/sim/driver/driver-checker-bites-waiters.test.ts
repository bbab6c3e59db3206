/**
 * Checker bite: the old proposal waiter keying (by index alone) is caught.
 * jest.mock swaps in a registry with the old keying for this file only; the
 * story drives a leader into proposing at an index where a waiter of its
 * earlier term still waits. The old registry let that waiter's timer delete
 * the new one, so a write that was applied was answered "outcome unknown".
 */
import { SafetyViolation, ViolationKind } from '../support/violation';
import { sameIndexProposedTwice, withDriverCluster } from './driver-stories';
import { clock } from './virtual-clock';

jest.mock('../../../src/node/proposal-registry', () => {
  const { NotAttemptedError, OutcomeUnknownError, TimeoutError } = jest.requireActual<typeof import('../../../src/errors')>('../../../src/errors');
  interface Waiter {
    term: number;
    resolve: (entry: unknown) => void;
    reject: (err: Error) => void;
    timer: NodeJS.Timeout;
  }
  /** The registry as it was: one waiter per index, the latest replacing any earlier. */
  class IndexKeyedRegistry {
    readonly waiters = new Map<number, Waiter>();
    get size(): number {
      return this.waiters.size;
    }
    wait(index: number, term: number, deadline: Date): Promise<unknown> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          this.waiters.delete(index);
          reject(new TimeoutError('outcome unknown: the deadline passed before the write was seen to commit; it may or may not have been applied'));
        }, Math.max(0, deadline.getTime() - Date.now()));
        this.waiters.set(index, { term, resolve, reject, timer });
      });
    }
    has(index: number): boolean {
      return this.waiters.has(index);
    }
    applied(entry: { index: number; term: number; error?: Error }): void {
      const w = this.waiters.get(entry.index);
      if (w === undefined) return;
      this.waiters.delete(entry.index);
      clearTimeout(w.timer);
      if (w.term !== entry.term) w.reject(new NotAttemptedError('replaced'));
      else if (entry.error) w.reject(entry.error);
      else w.resolve(entry);
    }
    failAll(): void {
      for (const [index, w] of this.waiters) {
        this.waiters.delete(index);
        clearTimeout(w.timer);
        w.reject(new OutcomeUnknownError('shut down'));
      }
    }
  }
  return { ProposalRegistry: IndexKeyedRegistry };
});

describe('the driver simulator catches known driver bugs', () => {
  it('waiters keyed by index alone (the old registry) are caught: a write the leader applied is answered "outcome unknown"', async () => {
    const caught = await withDriverCluster(2, async (cluster) => {
      await sameIndexProposedTwice(cluster);
      await clock.advance(5_000);
      try {
        cluster.assertNoViolation();
        return undefined;
      } catch (err) {
        return err;
      }
    });
    process.stdout.write(`old waiter keying caught: ${(caught as Error | undefined)?.message.split('\n')[0]}\n`);
    expect(caught).toBeInstanceOf(SafetyViolation);
    expect((caught as SafetyViolation).kind).toBe(ViolationKind.AnswerLost);
  });
});
