import { NotAttemptedError, OutcomeUnknownError, TimeoutError } from '../../../src/errors';
import type { Message } from '../../../src/raft/types';
import { InmemHub, type InmemHandler, type InmemTransport } from '../../../src/transport/inmem-transport';
import type { ProposeResult } from '../../../src/transport/transport';
import type { KvPair, SnapshotHeader } from '../../../src/codec/snapshot-codec';
import { heartbeat, waitFor } from './helpers';

interface Node {
  readonly transport: InmemTransport;
  readonly received: Message[];
}

describe('InmemHub and InmemTransport: peers in one process', () => {
  let hub: InmemHub;
  const nodes = new Map<string, Node>();

  function attach(id: string, onPropose?: InmemHandler['onPropose']): Node {
    const received: Message[] = [];
    const transport = hub.attach(id, {
      onMessages: (msgs) => received.push(...msgs),
      onPropose: onPropose ?? (() => Promise.resolve({ result: new Uint8Array([1]), index: 1, term: 1 })),
    });
    const node = { transport, received };
    nodes.set(id, node);
    return node;
  }

  beforeEach(() => {
    hub = new InmemHub();
  });

  afterEach(async () => {
    await Promise.all([...nodes.values()].map((n) => n.transport.close()));
    nodes.clear();
  });

  it('delivers in order, after the sender returns', async () => {
    const n1 = attach('n1');
    const n2 = attach('n2');
    n1.transport.send([heartbeat('n1', 'n2', 1), heartbeat('n1', 'n2', 2)]);
    expect(n2.received).toEqual([]); // never inside the sender's call stack
    await waitFor(() => n2.received.length === 2, 'two messages');
    expect(n2.received.map((m) => m.commit)).toEqual([1, 2]);
  });

  it('drops messages across a partition and delivers again after heal', async () => {
    const [n1, n2, n3] = [attach('n1'), attach('n2'), attach('n3')];
    hub.partition(['n1'], ['n2', 'n3']);
    n1.transport.send([heartbeat('n1', 'n2', 1), heartbeat('n1', 'n3', 1)]);
    n2.transport.send([heartbeat('n2', 'n3', 1)]);
    await waitFor(() => n3.received.length === 1, 'n2 to reach n3 inside its group');
    expect(n3.received[0]?.from).toBe('n2');
    expect(n2.received).toEqual([]);
    expect(hub.stats.dropped).toBe(2);

    hub.heal();
    n1.transport.send([heartbeat('n1', 'n2', 2)]);
    await waitFor(() => n2.received.length === 1, 'n1 to reach n2 after heal');
  });

  it('disconnects and reconnects a pair both ways, and isolates a node', async () => {
    const [n1, n2, n3] = [attach('n1'), attach('n2'), attach('n3')];
    hub.disconnect('n1', 'n2');
    expect([hub.canReach('n1', 'n2'), hub.canReach('n2', 'n1'), hub.canReach('n1', 'n3')]).toEqual([false, false, true]);
    hub.connect('n1', 'n2');
    expect(hub.canReach('n2', 'n1')).toBe(true);
    hub.isolate('n3');
    expect([hub.canReach('n3', 'n1'), hub.canReach('n2', 'n3'), hub.canReach('n1', 'n2')]).toEqual([false, false, true]);
    n1.transport.send([heartbeat('n1', 'n3', 1), heartbeat('n1', 'n2', 1)]);
    await waitFor(() => n2.received.length === 1, 'n2 to receive');
    expect(n3.received).toEqual([]);
  });

  it('loses a batch whose link is cut while it is on its way', async () => {
    const [n1, n2] = [attach('n1'), attach('n2')];
    n1.transport.send([heartbeat('n1', 'n2', 1)]);
    hub.disconnect('n1', 'n2');
    await waitFor(() => hub.stats.dropped === 1, 'the batch to be lost');
    expect(n2.received).toEqual([]);
  });

  it('forwards proposals, failing them by what the follower can know', async () => {
    let answer: ((r: ProposeResult) => void) | undefined;
    const n1 = attach('n1');
    attach('n2', () => new Promise((resolve) => (answer = resolve)));
    const soon = (): Date => new Date(Date.now() + 5_000);

    // Unreachable before sending: provably not applied.
    hub.disconnect('n1', 'n2');
    await expect(n1.transport.propose('n2', new Uint8Array([1]), soon())).rejects.toBeInstanceOf(NotAttemptedError);
    await expect(n1.transport.propose('n9', new Uint8Array([1]), soon())).rejects.toBeInstanceOf(NotAttemptedError);
    hub.heal();

    // Reached the leader, then the link broke before the answer: unknown.
    const lost = n1.transport.propose('n2', new Uint8Array([1]), soon());
    await waitFor(() => answer !== undefined, 'the proposal at n2');
    hub.disconnect('n1', 'n2');
    answer?.({ result: new Uint8Array(), index: 3, term: 1 });
    await expect(lost).rejects.toBeInstanceOf(OutcomeUnknownError);

    // The deadline passes first: a timeout with an unknown outcome.
    hub.heal();
    await expect(n1.transport.propose('n2', new Uint8Array([1]), new Date(Date.now() + 20))).rejects.toBeInstanceOf(TimeoutError);
  });

  it('answers a proposal with the leader result', async () => {
    const n1 = attach('n1');
    attach('n2', (command) => Promise.resolve({ result: command, index: 9, term: 4 }));
    await expect(n1.transport.propose('n2', new Uint8Array([5]), new Date(Date.now() + 5_000))).resolves.toEqual({
      result: new Uint8Array([5]),
      index: 9,
      term: 4,
    });
  });

  it('gives up on waiting proposals at close, as outcome unknown', async () => {
    const n1 = attach('n1');
    let reached = false;
    attach('n2', () => {
      reached = true;
      return new Promise(() => undefined);
    });
    const waiting = n1.transport.propose('n2', new Uint8Array([1]), new Date(Date.now() + 5_000));
    await waitFor(() => reached, 'the proposal at n2');
    await n1.transport.close();
    await expect(waiting).rejects.toBeInstanceOf(OutcomeUnknownError);
  });

  it('never delivers what a closed (crashed) sender still had on its way: delayed batches and duplicates included', async () => {
    const [n1, n2, n3] = [attach('n1'), attach('n2'), attach('n3')];
    // n1's batches take 20 ms and are duplicated; n3's marker takes longer, so once it is in, n1's were due.
    hub.faults = { drop: () => false, delayMs: (from) => (from === 'n1' ? 20 : 60), duplicate: (from) => from === 'n1' };
    n1.transport.send([heartbeat('n1', 'n2', 1), heartbeat('n1', 'n2', 2)]);
    await n1.transport.close();
    n3.transport.send([heartbeat('n3', 'n2', 7)]);
    await waitFor(() => n2.received.length > 0, "n3's marker");
    expect(n2.received.map((m) => m.from)).toEqual(['n3']);
  });

  it("cuts a closed sender's snapshot stream: the receiver's next read fails", async () => {
    const n1 = attach('n1');
    let firstChunk = false;
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let failure: unknown;
    const received: (readonly KvPair[])[] = [];
    hub.attach('n2', {
      onMessages: () => undefined,
      onPropose: () => Promise.reject(new Error('unused')),
      onInstallSnapshot: async (_header, chunks) => {
        try {
          for await (const chunk of chunks) {
            received.push(chunk);
            firstChunk = true;
            await released;
          }
        } catch (err) {
          failure = err;
        }
        return { term: 1 };
      },
    });
    const pair = (key: string): KvPair => ({ record: { key, value: Buffer.from(key), createRevision: 1, modRevision: 1, version: 1, lease: '0' } });
    const header: SnapshotHeader = { clusterId: 'c', from: 'n1', to: 'n2', term: 1, metadata: { index: 5, term: 1, confState: { voters: ['n1', 'n2'], learners: [] } }, members: new Map(), revision: 1 };
    const sending = n1.transport.installSnapshot('n2', header, (async function* () {
      yield [pair('a')];
      yield [pair('b')];
    })(), new Date(Date.now() + 5_000));
    await waitFor(() => firstChunk, 'the first chunk at n2');
    await n1.transport.close();
    release();
    await expect(sending).rejects.toBeInstanceOf(OutcomeUnknownError);
    await waitFor(() => failure !== undefined, "n2's read to fail");
    expect(received).toHaveLength(1);
    expect((failure as Error).message).toMatch(/n1 went away while streaming its snapshot/);
  });
});
