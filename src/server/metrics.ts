/**
 * Prometheus metrics for one node, on a registry of its own (never the global
 * one, so tests can run many nodes in one process). Gauges that mirror raft
 * state read it at scrape time; counters and histograms are fed by NodeEvents.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RaftNode } from '../node/raft-node';
import type { NodeEvents } from '../node/node-events';
import { NONE, Role } from '../raft/types';

export class NodeMetrics {
  readonly registry = new Registry();
  readonly #leaderChanges: Counter;
  readonly #persistDuration: Histogram;
  readonly #persistEntries: Histogram;
  #node: RaftNode | undefined;

  constructor(nodeId: string) {
    const registers = [this.registry];
    this.registry.setDefaultLabels({ node_id: nodeId });
    collectDefaultMetrics({ register: this.registry });
    const status = () => this.#node?.status();
    const gauge = (name: string, help: string, read: () => number | undefined): void => {
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const v = read();
          if (v !== undefined) this.set(v);
        },
      });
    };
    gauge('raftkv_term', 'Current Raft term of this node.', () => status()?.term);
    gauge('raftkv_commit_index', 'Highest log index known to be committed.', () => status()?.commit);
    gauge('raftkv_applied_index', 'Highest log index applied to the state machine.', () => status()?.applied);
    gauge('raftkv_last_log_index', 'Index of the last entry in the log.', () => status()?.lastIndex);
    gauge('raftkv_is_leader', '1 when this node is the leader, else 0.', () => (status()?.role === Role.Leader ? 1 : 0));
    gauge('raftkv_has_leader', '1 when this node knows a leader, else 0.', () => (status() === undefined ? undefined : status()?.lead !== NONE ? 1 : 0));
    this.#leaderChanges = new Counter({ name: 'raftkv_leader_changes_seen_total', help: 'Leader changes seen by this node.', registers });
    this.#persistDuration = new Histogram({
      name: 'raftkv_storage_sync_duration_seconds',
      help: 'Time to write (and fsync) one Ready batch of entries and hard state.',
      buckets: [0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024],
      registers,
    });
    this.#persistEntries = new Histogram({
      name: 'raftkv_storage_batch_entries',
      help: 'Log entries written per storage batch.',
      buckets: [0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
      registers,
    });
  }

  attach(node: RaftNode): void {
    this.#node = node;
  }

  /** Event hooks for the driver. */
  events(): NodeEvents {
    return {
      onLeaderChange: (leader) => {
        if (leader !== NONE) this.#leaderChanges.inc();
      },
      onPersisted: (entries, durationMs, synced) => {
        if (synced) this.#persistDuration.observe(durationMs / 1000);
        this.#persistEntries.observe(entries);
      },
    };
  }
}
