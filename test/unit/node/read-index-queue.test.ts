import { ReadIndexQueue } from '../../../src/node/read-index-queue';
import { TimeoutError } from '../../../src/errors';

const soon = (ms = 5_000): Date => new Date(Date.now() + ms);

describe('ReadIndexQueue', () => {
  it('shares one read-index request among the reads queued in one turn', async () => {
    const q = new ReadIndexQueue(3);
    const issued: Uint8Array[] = [];
    const reads = [q.wait(soon()), q.wait(soon()), q.wait(soon())];
    q.flush((ctx) => (issued.push(ctx), true));
    expect(issued).toHaveLength(1);
    q.onReadState(issued[0] as Uint8Array, 10, 10);
    await Promise.all(reads);
    expect(q.pending).toBe(0);
  });

  it('holds a read until this node has applied up to the read index', async () => {
    const q = new ReadIndexQueue(3);
    let ctx: Uint8Array = new Uint8Array();
    let done = false;
    const read = q.wait(soon()).then(() => (done = true));
    q.flush((c) => ((ctx = c), true));
    q.onReadState(ctx, 12, 11);
    await Promise.resolve();
    expect(done).toBe(false);
    q.onApplied(12);
    await read;
    expect(done).toBe(true);
  });

  it('re-issues a request with no leader once per tick, never in a loop', () => {
    const q = new ReadIndexQueue(3);
    let attempts = 0;
    const noLeader = (): boolean => {
      attempts += 1;
      if (attempts > 100) throw new Error('re-issued in a loop');
      return false;
    };
    const read = q.wait(soon(60_000));
    q.flush(noLeader);
    expect(attempts).toBe(1);
    for (let tick = 1; tick <= 5; tick += 1) {
      q.onTick(noLeader);
      expect(attempts).toBe(1 + tick);
    }
    q.failAll(new Error('closing'));
    return expect(read).rejects.toThrow('closing');
  });

  it('re-issues an unanswered request after retryAfterTicks, under a new context', () => {
    const q = new ReadIndexQueue(3);
    const issued: string[] = [];
    const issue = (ctx: Uint8Array): boolean => (issued.push(Buffer.from(ctx).toString('hex')), true);
    const read = q.wait(soon(60_000));
    q.flush(issue);
    q.onTick(issue);
    q.onTick(issue);
    expect(issued).toHaveLength(1);
    q.onTick(issue);
    expect(issued).toHaveLength(2);
    expect(issued[1]).not.toBe(issued[0]);
    q.failAll(new Error('closing'));
    return expect(read).rejects.toThrow('closing');
  });

  it('fails a read at its deadline with a retryable timeout', async () => {
    const q = new ReadIndexQueue(3);
    const read = q.wait(new Date(Date.now() + 20));
    q.flush(() => false);
    await expect(read).rejects.toBeInstanceOf(TimeoutError);
  });
});

describe('ReadIndexQueue across a restart', () => {
  it("never settles a read with the answer to a request the node's earlier incarnation sent", async () => {
    // Same node id, restarted: the new queue's first request must not be confused with the old one's.
    const before = new ReadIndexQueue(3, () => 0.25);
    const oldRequests: Uint8Array[] = [];
    void before.wait(soon()).catch(() => undefined);
    before.flush((ctx) => (oldRequests.push(ctx), true));

    const after = new ReadIndexQueue(3, () => 0.75);
    let done = false;
    const read = after.wait(soon()).then(() => (done = true));
    const newRequests: Uint8Array[] = [];
    after.flush((ctx) => (newRequests.push(ctx), true));
    // The leader's late answer to the old request (an index from before the restart) arrives now.
    after.onReadState(oldRequests[0] as Uint8Array, 5, 5);
    await Promise.resolve();
    expect(done).toBe(false);
    after.onReadState(newRequests[0] as Uint8Array, 12, 12);
    await read;
    expect(done).toBe(true);
    before.failAll(new Error('closed'));
  });
});

describe('ReadIndexQueue: one request in flight', () => {
  it('holds reads that arrive while a request is in flight until it is answered, then sends them together', () => {
    const q = new ReadIndexQueue(3);
    const issued: Uint8Array[] = [];
    const issue = (ctx: Uint8Array): boolean => (issued.push(ctx), true);
    const deadline = new Date(Date.now() + 10_000);
    const first = q.wait(deadline);
    q.flush(issue);
    const second = q.wait(deadline);
    const third = q.wait(deadline);
    q.flush(issue);
    expect(issued).toHaveLength(1);
    q.onReadState(issued[0]!, 5, 5);
    q.flush(issue);
    expect(issued).toHaveLength(2);
    q.onReadState(issued[1]!, 6, 6);
    return Promise.all([first, second, third]);
  });

  it('re-issues an unanswered request at once when a new leader is known', () => {
    const q = new ReadIndexQueue(10);
    const issued: Uint8Array[] = [];
    const issue = (ctx: Uint8Array): boolean => (issued.push(ctx), true);
    const read = q.wait(new Date(Date.now() + 10_000));
    q.flush(issue);
    q.leaderChanged(issue);
    expect(issued).toHaveLength(2);
    // The first request's answer, should it still come, settles nothing; the new one does.
    q.onReadState(issued[0]!, 3, 3);
    q.onReadState(issued[1]!, 4, 4);
    return read;
  });
});
