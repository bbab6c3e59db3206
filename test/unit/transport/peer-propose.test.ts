import {
  ClusterMismatchError,
  InvalidArgumentError,
  NotAttemptedError,
  OutcomeUnknownError,
  ProposalDroppedError,
  RaftKvError,
  TimeoutError,
} from '../../../src/errors';
import * as grpc from '@grpc/grpc-js';
import { silentLogger } from '../../../src/logger';
import { proposeMethod, type ProposeRequest, type ProposeResponse } from '../../../src/transport/raft-service-definition';
import { PeerClient } from '../../../src/transport/peer-client';
import type { PeerServerOptions } from '../../../src/transport/peer-server';
import { CLUSTER, deadPort, startRecordingServer, waitFor, type RecordingServer } from './helpers';

type OnPropose = PeerServerOptions['onPropose'];

describe('peer Propose: forwarding a write to the leader', () => {
  const servers: RecordingServer[] = [];
  const clients: PeerClient[] = [];

  async function leader(onPropose: OnPropose): Promise<RecordingServer> {
    const s = await startRecordingServer('n1', { onPropose });
    servers.push(s);
    return s;
  }

  function follower(address: string, clusterId = CLUSTER): PeerClient {
    const c = new PeerClient({ clusterId, nodeId: 'n2', peerId: 'n1', address, logger: silentLogger });
    clients.push(c);
    return c;
  }

  const inTenSeconds = (): Date => new Date(Date.now() + 10_000);

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(servers.splice(0).map((s) => s.server.close()));
  });

  it('answers with the result, index and term the leader applied, passing the deadline along', async () => {
    const seen: { command: Uint8Array; deadline: Date | undefined }[] = [];
    const s = await leader((command, deadline) => {
      seen.push({ command, deadline });
      return Promise.resolve({ result: new Uint8Array([7, 8]), index: 2 ** 40, term: 3 });
    });
    const deadline = inTenSeconds();
    const res = await follower(s.address).propose(new Uint8Array([1, 2, 3]), deadline);

    expect(res).toEqual({ result: Buffer.from([7, 8]), index: 2 ** 40, term: 3 });
    expect(Array.from(seen[0]?.command ?? [])).toEqual([1, 2, 3]);
    // grpc carries the deadline as a relative timeout, so allow for the trip.
    expect(Math.abs((seen[0]?.deadline?.getTime() ?? 0) - deadline.getTime())).toBeLessThan(1_000);
  });

  it.each<[string, () => RaftKvError, new (...args: never[]) => RaftKvError]>([
    ['a dropped proposal (not attempted)', () => new ProposalDroppedError('leadership is moving to n3', 'n3'), ProposalDroppedError],
    ['a plain not-attempted error', () => new NotAttemptedError('queue full'), NotAttemptedError],
    ['an unknown outcome', () => new OutcomeUnknownError('leadership lost after proposing'), OutcomeUnknownError],
    ['bad input', () => new InvalidArgumentError('command', 'must not be empty'), InvalidArgumentError],
    ['a timeout', () => new TimeoutError('deadline exceeded before commit; outcome unknown'), TimeoutError],
  ])('rebuilds %s on the follower with the same kind and message', async (_name, make, kind) => {
    const original = make();
    const s = await leader(() => Promise.reject(original));
    const err: unknown = await follower(s.address).propose(new Uint8Array([1]), inTenSeconds()).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(kind);
    expect(err).toMatchObject({ code: original.code, message: original.message });
    if (original instanceof NotAttemptedError) expect(err).toMatchObject({ leaderHint: original.leaderHint });
  });

  it('reports an unexpected leader failure as outcome unknown, without the leader internals', async () => {
    const s = await leader(() => Promise.reject(new Error('disk on fire at /var/lib/secret')));
    const err: unknown = await follower(s.address).propose(new Uint8Array([1]), inTenSeconds()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutcomeUnknownError);
    expect(String(err)).not.toContain('disk on fire');
  });

  it('reports a proposal whose connection broke after it reached the leader as outcome unknown', async () => {
    let reached = false;
    const s = await startRecordingServer('n1', {
      closeTimeoutMs: 20,
      onPropose: () => {
        reached = true;
        return new Promise(() => undefined); // the leader never answers
      },
    });
    const c = follower(s.address);
    const answer = c.propose(new Uint8Array([1]), inTenSeconds()).catch((e: unknown) => e);
    await waitFor(() => reached, 'the proposal to reach the leader');
    await s.server.close(); // in-flight call cut after 20 ms

    const err = await answer;
    expect(err).toBeInstanceOf(OutcomeUnknownError);
    expect((err as Error).message).toMatch(/^outcome unknown/);
  });

  it('rejects a proposal from another cluster', async () => {
    let called = false;
    const s = await leader(() => {
      called = true;
      return Promise.resolve({ result: new Uint8Array(), index: 1, term: 1 });
    });
    const err: unknown = await follower(s.address, 'cluster-b').propose(new Uint8Array([1]), inTenSeconds()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterMismatchError);
    expect((err as Error).message).toMatch(/"cluster-b".*"cluster-a"/);
    expect(called).toBe(false);
  });

  it('fails a proposal to an address nobody listens on as not attempted, well before its deadline', async () => {
    const c = follower(`127.0.0.1:${await deadPort()}`);
    const err: unknown = await c.propose(new Uint8Array([1]), inTenSeconds()).catch((e: unknown) => e);
    // A TimeoutError here would mean the call waited for its deadline.
    expect(err).toBeInstanceOf(NotAttemptedError);
    expect((err as Error).message).toMatch(/not applied and is safe to retry/);
  });

  it('fails a proposal after close as shutting down', async () => {
    const s = await leader(() => Promise.resolve({ result: new Uint8Array(), index: 1, term: 1 }));
    const c = follower(s.address);
    await c.close();
    await expect(c.propose(new Uint8Array([1]), inTenSeconds())).rejects.toBeInstanceOf(NotAttemptedError);
  });

  it('forwards the writes of one turn in one ProposeBatch, each settled by its own outcome with Propose\'s error contract', async () => {
    const errors: RaftKvError[] = [new ProposalDroppedError('leadership is moving to n3', 'n3'), new OutcomeUnknownError('leadership lost after proposing'), new InvalidArgumentError('command', 'must not be empty')];
    let calls = 0;
    const s = await leader((command) => {
      calls += 1;
      const i = command[0] ?? 0;
      return i < errors.length ? Promise.reject(errors[i] as RaftKvError) : Promise.resolve({ result: new Uint8Array([i]), index: i, term: 1 });
    });
    const c = follower(s.address);
    const answers = await Promise.all([0, 1, 2, 3, 4].map((i) => c.propose(new Uint8Array([i]), inTenSeconds()).catch((e: unknown) => e)));
    expect(calls).toBe(5);
    for (const [i, original] of errors.entries()) {
      expect(answers[i]).toBeInstanceOf(original.constructor);
      expect(answers[i]).toMatchObject({ code: original.code, message: original.message });
    }
    expect(answers[0]).toMatchObject({ leaderHint: 'n3' });
    expect(answers[3]).toEqual({ result: Buffer.from([3]), index: 3, term: 1 });
    expect(answers[4]).toEqual({ result: Buffer.from([4]), index: 4, term: 1 });
  });

  it('ends the wait of a batched write at its own deadline, as outcome unknown', async () => {
    const s = await leader((command) => (command[0] === 0 ? new Promise(() => undefined) : Promise.resolve({ result: new Uint8Array(), index: 1, term: 1 })));
    const c = follower(s.address);
    const soon = new Date(Date.now() + 300);
    const [stuck, fine] = await Promise.all([c.propose(new Uint8Array([0]), soon).catch((e: unknown) => e), c.propose(new Uint8Array([1]), new Date(Date.now() + 2_000)).catch((e: unknown) => e)]);
    expect(stuck).toBeInstanceOf(TimeoutError);
    expect(fine).toBeInstanceOf(TimeoutError); // the batch's answer waits for every write; the leader never answered the stuck one
  });

  it('forwards to a leader without ProposeBatch (an older version) one Propose call per write', async () => {
    const old = new grpc.Server();
    old.addService({ Propose: proposeMethod }, {
      Propose: (call: grpc.ServerUnaryCall<ProposeRequest, ProposeResponse>, cb: grpc.sendUnaryData<ProposeResponse>) => cb(null, { result: new Uint8Array(call.request.command), index: 1, term: 1 }),
    });
    const port = await new Promise<number>((resolve, reject) => old.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
    try {
      const c = follower(`127.0.0.1:${port}`);
      const answers = await Promise.all([5, 6, 7].map((i) => c.propose(new Uint8Array([i]), inTenSeconds())));
      expect(answers.map((a) => Array.from(a.result))).toEqual([[5], [6], [7]]);
    } finally {
      old.forceShutdown();
    }
  });
});
