import { LeaseKeeper, type LeaseKeeperNode, type MonotonicClock } from '../../../src/lease/lease-keeper';
import type { LeaseChange, LeaseSource } from '../../../src/lease/lease-source';
import type { LeaseRecord } from '../../../src/kv/records';
import { commandError, decodeCommand, encodeResult, type KvCommand } from '../../../src/kv/command';
import { LeaseNotFoundError, NotAttemptedError } from '../../../src/errors';

class FakeClock implements MonotonicClock {
  ms = 1_000;
  now(): number {
    return this.ms;
  }
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

/** A state machine's lease side: the test grants and revokes as applied entries would. */
class FakeLeases implements LeaseSource {
  readonly records = new Map<string, LeaseRecord>();
  readonly #listeners = new Set<(changes: readonly LeaseChange[]) => void>();
  leases(): Promise<LeaseRecord[]> {
    return Promise.resolve([...this.records.values()]);
  }
  lease(id: string): Promise<LeaseRecord | undefined> {
    return Promise.resolve(this.records.get(id));
  }
  leaseKeys(): Promise<string[]> {
    return Promise.resolve([]);
  }
  onLeaseChange(listener: (changes: readonly LeaseChange[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  grant(id: string, ttlSeconds: number): void {
    this.records.set(id, { id, ttlSeconds });
    this.#emit([{ type: 'granted', lease: { id, ttlSeconds } }]);
  }
  revoke(id: string): void {
    this.records.delete(id);
    this.#emit([{ type: 'revoked', id }]);
  }
  reset(records: LeaseRecord[]): void {
    this.records.clear();
    for (const r of records) this.records.set(r.id, r);
    this.#emit([{ type: 'reset' }]);
  }
  #emit(changes: LeaseChange[]): void {
    for (const l of this.#listeners) l(changes);
  }
}

/** A node whose leadership the test sets, and whose proposals the test settles (or lets apply at once). */
class FakeNode implements LeaseKeeperNode {
  leading = false;
  term = 1;
  readonly proposed: KvCommand[] = [];
  /** When set, proposals wait until the test settles them. */
  hold = false;
  readonly #held: { cmd: KvCommand; settle: (ok: boolean) => void }[] = [];
  constructor(private readonly leases: FakeLeases) {}
  leadership(): { leading: boolean; term: number } {
    return { leading: this.leading, term: this.term };
  }
  proposeAsLeader(command: Uint8Array): Promise<{ result: Uint8Array }> {
    const cmd = decodeCommand(command);
    this.proposed.push(cmd);
    return new Promise((resolve, reject) => {
      const settle = (ok: boolean): void => {
        if (!ok) return reject(new NotAttemptedError('leadership moved'));
        if (cmd.op !== 'lease-revoke') throw new Error(`unexpected ${cmd.op}`);
        if (!this.leases.records.has(cmd.id)) {
          return resolve({ result: encodeResult({ found: false, revision: 1, error: commandError(new LeaseNotFoundError(cmd.id)) }) });
        }
        this.leases.revoke(cmd.id);
        resolve({ result: encodeResult({ found: false, revision: 2, leaseRevoke: { header: null, deleted: '0' } }) });
      };
      if (this.hold) this.#held.push({ cmd, settle });
      else settle(true);
    });
  }
  settleAll(ok: boolean): void {
    for (const h of this.#held.splice(0)) h.settle(ok);
  }
  revokes(): string[] {
    return this.proposed.flatMap((c) => (c.op === 'lease-revoke' && c.expired ? [c.id] : []));
  }
}

const quietLogger = { info: () => undefined, debug: () => undefined, warn: () => undefined };

async function setup(opts: { leading?: boolean; maxRevokesPerCheck?: number } = {}): Promise<{
  clock: FakeClock;
  leases: FakeLeases;
  node: FakeNode;
  keeper: LeaseKeeper;
}> {
  const clock = new FakeClock();
  const leases = new FakeLeases();
  const node = new FakeNode(leases);
  node.leading = opts.leading ?? true;
  const keeper = new LeaseKeeper({ node, leases, clock, logger: quietLogger, maxRevokesPerCheck: opts.maxRevokesPerCheck });
  await keeper.start();
  keeper.syncLeadership();
  return { clock, leases, node, keeper };
}

describe('LeaseKeeper', () => {
  let keeper: LeaseKeeper | undefined;
  afterEach(() => keeper?.close());

  it('on the leader, proposes one expiry revoke for a lease whose TTL ran out, and only then', async () => {
    const s = await setup();
    keeper = s.keeper;
    s.leases.grant('7', 10);
    s.clock.advance(9.9);
    await s.keeper.check();
    expect(s.node.revokes()).toEqual([]);
    s.clock.advance(0.2);
    await s.keeper.check();
    expect(s.node.revokes()).toEqual(['7']);
    expect(s.leases.records.has('7')).toBe(false);
    expect(s.keeper.size).toBe(0);
    expect(s.keeper.expiredTotal).toBe(1);
    await s.keeper.check();
    expect(s.node.revokes()).toEqual(['7']);
  });

  it('a keep-alive restarts the full TTL and answers it', async () => {
    const s = await setup();
    keeper = s.keeper;
    s.leases.grant('7', 10);
    s.clock.advance(8);
    expect(s.keeper.renew(['7', '8'])).toEqual([10, 0]);
    s.clock.advance(8);
    await s.keeper.check();
    expect(s.node.revokes()).toEqual([]);
    expect(s.keeper.timesToLive(['7', '8'])).toEqual([
      { ttlSeconds: 2, grantedTtlSeconds: 10 },
      { ttlSeconds: -1, grantedTtlSeconds: 0 },
    ]);
    s.clock.advance(2);
    await s.keeper.check();
    expect(s.node.revokes()).toEqual(['7']);
  });

  it('reports time to live rounded up to whole seconds', async () => {
    const s = await setup();
    keeper = s.keeper;
    s.leases.grant('7', 10);
    s.clock.advance(0.5);
    expect(s.keeper.timesToLive(['7'])).toEqual([{ ttlSeconds: 10, grantedTtlSeconds: 10 }]);
  });

  it('does not revive a lease past its expiry: the keep-alive answers 0', async () => {
    const s = await setup();
    keeper = s.keeper;
    s.leases.grant('7', 10);
    s.clock.advance(10);
    expect(s.keeper.renew(['7'])).toEqual([0]);
  });

  it('a new leader gives every lease its full TTL again instead of expiring them at once', async () => {
    const s = await setup({ leading: false });
    keeper = s.keeper;
    s.leases.grant('1', 5);
    s.leases.grant('2', 60);
    // Long after both would have expired on the old leader's clock.
    s.clock.advance(100);
    s.node.leading = true;
    s.node.term = 2;
    await s.keeper.check();
    expect(s.node.revokes()).toEqual([]);
    expect(s.keeper.timesToLive(['1', '2'])).toEqual([
      { ttlSeconds: 5, grantedTtlSeconds: 5 },
      { ttlSeconds: 60, grantedTtlSeconds: 60 },
    ]);
    s.clock.advance(5);
    await s.keeper.check();
    expect(s.node.revokes()).toEqual(['1']);
  });

  it('leading again in a later term restarts the TTLs even if the step down was never seen', async () => {
    const s = await setup();
    keeper = s.keeper;
    s.leases.grant('1', 5);
    s.clock.advance(4);
    s.node.term = 3;
    s.clock.advance(4);
    await s.keeper.check();
    expect(s.node.revokes()).toEqual([]);
    expect(s.keeper.timesToLive(['1'])).toEqual([{ ttlSeconds: 5, grantedTtlSeconds: 5 }]);
  });

  it('a follower never expires leases and refuses keep-alives as not attempted', async () => {
    const s = await setup({ leading: false });
    keeper = s.keeper;
    s.leases.grant('7', 2);
    s.clock.advance(1_000);
    await s.keeper.check();
    expect(s.node.proposed).toEqual([]);
    expect(s.keeper.size).toBe(1);
    expect(() => s.keeper.renew(['7'])).toThrow(NotAttemptedError);
    expect(() => s.keeper.timesToLive(['7'])).toThrow(NotAttemptedError);
  });

  it('a leader that steps down stops expiring', async () => {
    const s = await setup();
    keeper = s.keeper;
    s.leases.grant('7', 2);
    s.node.leading = false;
    s.clock.advance(10);
    await s.keeper.check();
    expect(s.node.proposed).toEqual([]);
  });

  it('does not propose a revoke again while one is in flight, and retries one that failed', async () => {
    const s = await setup();
    keeper = s.keeper;
    s.leases.grant('7', 2);
    s.clock.advance(3);
    s.node.hold = true;
    const first = s.keeper.check();
    await s.keeper.check();
    await s.keeper.check();
    expect(s.node.revokes()).toEqual(['7']);
    expect(s.keeper.renew(['7'])).toEqual([0]);
    s.node.settleAll(false);
    await first;
    expect(s.keeper.size).toBe(1);
    expect(s.keeper.expiredTotal).toBe(0);
    s.node.hold = false;
    await s.keeper.check();
    expect(s.node.revokes()).toEqual(['7', '7']);
    expect(s.keeper.size).toBe(0);
    expect(s.keeper.expiredTotal).toBe(1);
  });

  it('starts a bounded number of revokes per check', async () => {
    const s = await setup({ maxRevokesPerCheck: 2 });
    keeper = s.keeper;
    for (const id of ['1', '2', '3', '4', '5']) s.leases.grant(id, 2);
    s.clock.advance(3);
    await s.keeper.check();
    expect(s.node.revokes()).toHaveLength(2);
    await s.keeper.check();
    await s.keeper.check();
    expect(s.node.revokes().sort()).toEqual(['1', '2', '3', '4', '5']);
  });

  it('drops a lease whose revoke finds it already gone', async () => {
    const s = await setup();
    keeper = s.keeper;
    s.leases.grant('7', 2);
    // Gone from the state machine without the keeper hearing of it.
    s.leases.records.delete('7');
    s.clock.advance(3);
    await s.keeper.check();
    expect(s.keeper.size).toBe(0);
    expect(s.keeper.expiredTotal).toBe(0);
  });

  it('follows grants, revokes and a snapshot reset; keeps leases it had at start', async () => {
    const clock = new FakeClock();
    const leases = new FakeLeases();
    leases.records.set('1', { id: '1', ttlSeconds: 10 });
    const node = new FakeNode(leases);
    keeper = new LeaseKeeper({ node, leases, clock, logger: quietLogger });
    await keeper.start();
    expect(keeper.size).toBe(1);
    leases.grant('2', 10);
    leases.revoke('1');
    expect(keeper.size).toBe(1);
    leases.reset([
      { id: '3', ttlSeconds: 5 },
      { id: '4', ttlSeconds: 5 },
    ]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(keeper.size).toBe(2);
    node.leading = true;
    expect(keeper.timesToLive(['2', '3'])).toEqual([
      { ttlSeconds: -1, grantedTtlSeconds: 0 },
      { ttlSeconds: 5, grantedTtlSeconds: 5 },
    ]);
  });

  it('stops listening on close', async () => {
    const s = await setup();
    s.keeper.close();
    s.leases.grant('7', 2);
    expect(s.keeper.size).toBe(0);
    s.clock.advance(3);
    await s.keeper.check();
    expect(s.node.proposed).toEqual([]);
  });
});
