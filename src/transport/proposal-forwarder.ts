/**
 * Forwarding writes to the leader (PeerClient.propose): the writes a node's
 * clients send in one turn of the event loop leave in one ProposeBatch call,
 * and each is settled by its own outcome with Propose's error contract (not
 * attempted only when provably not; otherwise outcome unknown). A lone write
 * goes as Propose. A leader from before ProposeBatch (UNIMPLEMENTED: nothing
 * was attempted) gets one Propose call per write for a while.
 */
import * as grpc from '@grpc/grpc-js';
import { ShutdownError } from '../errors';
import { fromGrpcError } from '../grpc-status';
import type { NodeId } from '../raft/types';
import { localFailure, missingResponse } from './call-failures';
import { PROPOSE_BATCH_PATH, outcomeError, proposeBatchMethod, type ProposeBatchRequest } from './propose-batch-method';
import type { ProposeResponse } from './raft-service-definition';

export interface ProposalForwarderOptions {
  readonly clusterId: string;
  readonly nodeId: NodeId;
  /** The peer's current channel (it is replaced when the peer moves). */
  client(): grpc.Client;
  /** One Propose call: a lone write, or every write to a leader without ProposeBatch. */
  proposeOne(command: Uint8Array, deadline: Date): Promise<ProposeResponse>;
  /** A ProposeBatch call finished (for raftkv_peer_rpc_duration_seconds). */
  onRpcDone(started: number, err: grpc.ServiceError | null): void;
}

/** How long a leader that lacked ProposeBatch gets one Propose call per write before the batch is tried again. */
const RETRY_BATCH_AFTER_MS = 60_000;

interface Forwarded {
  readonly command: Uint8Array;
  readonly deadline: Date;
  readonly resolve: (res: ProposeResponse) => void;
  readonly reject: (err: Error) => void;
}

export class ProposalForwarder {
  readonly #opts: ProposalForwarderOptions;
  /** Writes queued in this turn of the event loop. */
  #queued: Forwarded[] = [];
  /** Until when to forward one Propose call per write: the leader answered UNIMPLEMENTED to ProposeBatch. */
  #oneByOneUntil = 0;

  constructor(opts: ProposalForwarderOptions) {
    this.#opts = opts;
  }

  propose(command: Uint8Array, deadline: Date): Promise<ProposeResponse> {
    if (performance.now() < this.#oneByOneUntil) return this.#opts.proposeOne(command, deadline);
    return new Promise<ProposeResponse>((resolve, reject) => {
      this.#queued.push({ command, deadline, resolve, reject });
      // Every write forwarded in this turn of the event loop leaves in one
      // call: each client request arrives in its own I/O callback, so the
      // batch closes after the loop's I/O phase (setImmediate), not at the
      // end of this microtask queue, which would hold one write.
      if (this.#queued.length === 1) setImmediate(() => this.#send());
    });
  }

  /** Fails what is queued and not yet sent: the node is shutting down, nothing was attempted. */
  close(): void {
    for (const f of this.#queued.splice(0)) f.reject(new ShutdownError());
  }

  /**
   * Sends the writes queued by propose(): one alone as Propose, several as
   * one ProposeBatch whose outcomes settle them one by one. Each keeps its
   * own deadline: the leader enforces it, and here a local timer ends the
   * wait as a Propose call's deadline would (outcome unknown).
   */
  #send(): void {
    const batch = this.#queued;
    this.#queued = [];
    if (batch.length === 0) return;
    if (batch.length === 1) {
      const [only] = batch as [Forwarded];
      this.#opts.proposeOne(only.command, only.deadline).then(only.resolve, only.reject);
      return;
    }
    const settled = new Set<Forwarded>();
    const settle = (f: Forwarded, outcome: { ok: ProposeResponse } | { err: Error }): void => {
      if (settled.has(f)) return;
      settled.add(f);
      clearTimeout(timers.get(f));
      if ('ok' in outcome) f.resolve(outcome.ok);
      else f.reject(outcome.err);
    };
    const timers = new Map<Forwarded, NodeJS.Timeout>();
    for (const f of batch) {
      const timer = setTimeout(() => settle(f, { err: fromGrpcError(localFailure(grpc.status.DEADLINE_EXCEEDED, 'Deadline exceeded while the forwarded write waited for the leader')) }), Math.max(0, f.deadline.getTime() - Date.now()));
      timer.unref();
      timers.set(f, timer);
    }
    const request: ProposeBatchRequest = {
      clusterId: this.#opts.clusterId,
      from: this.#opts.nodeId,
      commands: batch.map((f) => ({ command: f.command, deadlineUnixMs: f.deadline.getTime() })),
    };
    const started = performance.now();
    const deadline = new Date(Math.max(...batch.map((f) => f.deadline.getTime())));
    this.#opts.client().makeUnaryRequest(PROPOSE_BATCH_PATH, proposeBatchMethod.requestSerialize, proposeBatchMethod.responseDeserialize, request, new grpc.Metadata(), { deadline }, (err, res) => {
      this.#opts.onRpcDone(started, err);
      if (err !== null && err.code === grpc.status.UNIMPLEMENTED) {
        // A leader from before ProposeBatch: nothing was attempted; one Propose call per write, trying the batch again later.
        this.#oneByOneUntil = performance.now() + RETRY_BATCH_AFTER_MS;
        for (const f of batch) {
          if (settled.has(f)) continue;
          settled.add(f);
          clearTimeout(timers.get(f));
          this.#opts.proposeOne(f.command, f.deadline).then(f.resolve, f.reject);
        }
        return;
      }
      if (err !== null || res === undefined || res.outcomes.length !== batch.length) {
        const failure = fromGrpcError(err ?? missingResponse());
        for (const f of batch) settle(f, { err: failure });
        return;
      }
      res.outcomes.forEach((o, i) => {
        const f = batch[i] as Forwarded;
        settle(f, 'ok' in o ? { ok: o.ok } : { err: fromGrpcError(outcomeError(o.failed)) });
      });
    });
  }
}
