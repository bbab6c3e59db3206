/**
 * The two servers every etcd-compatibility expectation runs against: a real
 * etcd first (the control, proving the expectation is etcd's behaviour), then
 * a 3-node raftkv cluster through one node's client port.
 */
import type { KvClient } from '../../../src/cli/kv-client';
import { ProcessCluster } from '../../support/process-cluster';
import { etcdctl, type EtcdctlRun } from './etcdctl';
import { EtcdServer } from './etcd-server';

export type Which = 'etcd' | 'raftkv';

export interface Target {
  readonly which: Which;
  readonly endpoint: string;
  /** Makes `revision` older than the store's history: `etcdctl compact revision+1`, on either. */
  compactPast(revision: number): Promise<void>;
}

/** stdout of an etcdctl command that must succeed (its stderr in the failure otherwise). */
export function ok(run: EtcdctlRun): string {
  if (run.code !== 0) throw new Error(`etcdctl exited ${run.code}: ${run.err}`);
  return run.out;
}

export class EtcdTargets {
  readonly #etcd: EtcdServer | undefined;
  readonly #cluster: ProcessCluster | undefined;
  readonly #targets = new Map<Which, Target>();

  private constructor(etcd: EtcdServer, cluster: ProcessCluster) {
    this.#etcd = etcd;
    this.#cluster = cluster;
    const compactPast = (endpoint: string) => async (revision: number) => void ok(await etcdctl(endpoint, ['compact', String(revision + 1)]));
    this.#targets.set('etcd', { which: 'etcd', endpoint: etcd.endpoint, compactPast: compactPast(etcd.endpoint) });
    const [raftkv] = cluster.endpoints(['n1']) as [string];
    this.#targets.set('raftkv', { which: 'raftkv', endpoint: raftkv, compactPast: compactPast(raftkv) });
  }

  /** Starts both; if either fails to start, stops the other. */
  static async start(): Promise<EtcdTargets> {
    const [etcd, cluster] = await Promise.allSettled([
      EtcdServer.start(),
      ProcessCluster.start(),
    ]);
    if (etcd.status === 'rejected' || cluster.status === 'rejected') {
      await Promise.all([etcd.status === 'fulfilled' ? etcd.value.stop() : undefined, cluster.status === 'fulfilled' ? cluster.value.stop() : undefined]);
      throw etcd.status === 'rejected' ? etcd.reason : (cluster as PromiseRejectedResult).reason;
    }
    try {
      await cluster.value.waitForLeader();
    } catch (err) {
      await Promise.all([etcd.value.stop(), cluster.value.stop()]);
      throw err;
    }
    return new EtcdTargets(etcd.value, cluster.value);
  }

  /** Every client endpoint of the target (etcd: its one member; raftkv: all three nodes). */
  endpoints(which: Which): string[] {
    return which === 'etcd' ? [this.get('etcd').endpoint] : this.#cluster!.endpoints();
  }

  /** A raftkv.kv.v1 client of the raftkv node the etcd tests talk to (closed by stop()). */
  raftkvClient(): KvClient {
    return this.#cluster!.client(['n1']);
  }

  get(which: Which): Target {
    return this.#targets.get(which)!;
  }

  async stop(): Promise<void> {
    await Promise.all([this.#etcd?.stop(), this.#cluster?.stop()]);
  }
}
