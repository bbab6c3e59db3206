import {
  ClusterMismatchError,
  InvalidArgumentError,
  NotAttemptedError,
  OutcomeUnknownError,
  ProposalDroppedError,
  RaftKvError,
  TimeoutError,
} from '../../../src/errors';
import { silentLogger } from '../../../src/logger';
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
});
