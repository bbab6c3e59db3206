import { ProposalRegistry } from '../../../src/node/proposal-registry';
import { NotAttemptedError, TimeoutError } from '../../../src/errors';

const result = new Uint8Array([1]);
const inMs = (ms: number): Date => new Date(Date.now() + ms);

describe('ProposalRegistry', () => {
  it('answers the proposal whose term committed at a shared index, and tells the other its entry was replaced', async () => {
    const reg = new ProposalRegistry();
    // Term 3 proposed at index 9; that entry was overwritten; the node led again in term 5 and proposed at 9 again.
    const first = reg.wait(9, 3, inMs(60_000));
    const second = reg.wait(9, 5, inMs(60_000));
    expect(reg.size).toBe(2);
    reg.applied({ index: 9, term: 5, result });
    await expect(second).resolves.toEqual({ index: 9, term: 5, result });
    await expect(first).rejects.toBeInstanceOf(NotAttemptedError);
    expect(reg.size).toBe(0);
  });

  it("an expiring waiter removes only itself, never a later proposal's waiter at the same index", async () => {
    const reg = new ProposalRegistry();
    const stale = reg.wait(9, 3, inMs(5));
    const live = reg.wait(9, 5, inMs(60_000));
    await expect(stale).rejects.toBeInstanceOf(TimeoutError);
    expect(reg.has(9)).toBe(true);
    reg.applied({ index: 9, term: 5, result });
    // Before the fix the stale timer deleted the index and this committed write was reported "outcome unknown".
    await expect(live).resolves.toMatchObject({ index: 9, term: 5 });
  });

  it('fails every waiter with outcome unknown on close', async () => {
    const reg = new ProposalRegistry();
    const a = reg.wait(1, 1, inMs(60_000));
    const b = reg.wait(1, 2, inMs(60_000));
    reg.failAll();
    await expect(a).rejects.toThrow(/shut down/);
    await expect(b).rejects.toThrow(/shut down/);
    expect(reg.size).toBe(0);
  });
});
