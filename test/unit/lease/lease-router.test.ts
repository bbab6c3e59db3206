import { LeaseRouter, type LeaseRouterNode } from '../../../src/lease/lease-router';
import type { NodeId } from '../../../src/raft/types';
import type { LeaseTimeLeft } from '../../../src/transport/transport';
import { TimeoutError } from '../../../src/errors';

/** A keeper whose table the test fills; `applyOnBarrier` arrives only once a read barrier ran (a new leader catching up). */
function fakeKeeper(table: Map<string, number>, applyOnBarrier: Map<string, number>) {
  return {
    renewed: [] as string[],
    renew(ids: readonly string[]): number[] {
      this.renewed.push(...ids);
      return ids.map((id) => table.get(id) ?? 0);
    },
    timesToLive(ids: readonly string[]): LeaseTimeLeft[] {
      return ids.map((id) => (table.has(id) ? { ttlSeconds: 1, grantedTtlSeconds: table.get(id) ?? 0 } : { ttlSeconds: -1, grantedTtlSeconds: 0 }));
    },
    barrier(): void {
      for (const [id, ttl] of applyOnBarrier) table.set(id, ttl);
    },
  };
}

function node(lead: NodeId, self: NodeId, onBarrier: () => void): LeaseRouterNode & { barriers: number } {
  return {
    barriers: 0,
    onLeader<T>(_deadline: Date, here: () => Promise<T>, forward: (lead: NodeId) => Promise<T>): Promise<T> {
      return lead === self ? here() : forward(lead);
    },
    linearizableBarrier(): Promise<void> {
      this.barriers += 1;
      onBarrier();
      return Promise.resolve();
    },
  };
}

const soon = (): Date => new Date(Date.now() + 5_000);

describe('LeaseRouter', () => {
  it('renews on the leader only once a read-index round confirmed it still leads', async () => {
    const keeper = fakeKeeper(new Map([['1', 10]]), new Map());
    let confirm: () => void = () => undefined;
    const n: LeaseRouterNode = {
      onLeader: (_deadline, here) => here(),
      linearizableBarrier: () => new Promise<void>((resolve) => (confirm = resolve)),
    };
    const router = new LeaseRouter(n, keeper, {});
    const renewed = router.renew(['1'], soon());
    await new Promise<void>((resolve) => setImmediate(resolve));
    // Nothing is renewed while the round is out.
    expect(keeper.renewed).toEqual([]);
    confirm();
    expect(await renewed).toEqual([10]);
    expect(keeper.renewed).toEqual(['1']);
  });

  it('a deposed leader whose read-index round finds no quorum never answers "renewed" and restarts no TTL', async () => {
    const keeper = fakeKeeper(new Map([['1', 10]]), new Map());
    const n: LeaseRouterNode = {
      onLeader: (_deadline, here) => here(),
      linearizableBarrier: () => Promise.reject(new TimeoutError('the leader could not confirm its leadership before the deadline')),
    };
    const router = new LeaseRouter(n, keeper, {});
    await expect(router.renew(['1'], soon())).rejects.toThrow(TimeoutError);
    expect(keeper.renewed).toEqual([]);
  });

  it('renews with every lease change committed before the keep-alive applied (a new leader may not have applied a grant yet)', async () => {
    const keeper = fakeKeeper(new Map([['1', 10]]), new Map([['2', 20]]));
    const n = node('n1', 'n1', () => keeper.barrier());
    const router = new LeaseRouter(n, keeper, {});
    expect(await router.renew(['1', '2', '3'], soon())).toEqual([10, 20, 0]);
    expect(n.barriers).toBe(1);
    expect(keeper.renewed).toEqual(['1', '2', '3']);
    expect((await router.timesToLive(['3'], soon()))[0]?.ttlSeconds).toBe(-1);
    expect(n.barriers).toBe(2);
  });

  it('forwards from a follower to the leader', async () => {
    const keeper = fakeKeeper(new Map(), new Map());
    const forwarded: [NodeId, readonly string[]][] = [];
    const router = new LeaseRouter(node('n3', 'n1', () => undefined), keeper, {
      renewLeases: (to, ids) => {
        forwarded.push([to, ids]);
        return Promise.resolve(ids.map(() => 7));
      },
      leaseTimesToLive: (_to, ids) => Promise.resolve(ids.map(() => ({ ttlSeconds: 2, grantedTtlSeconds: 7 }))),
    });
    expect(await router.renew(['5'], soon())).toEqual([7]);
    expect(forwarded).toEqual([['n3', ['5']]]);
    expect(await router.timesToLive(['5'], soon())).toEqual([{ ttlSeconds: 2, grantedTtlSeconds: 7 }]);
    expect(keeper.renewed).toEqual([]);
  });
});
