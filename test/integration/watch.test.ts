import * as grpc from '@grpc/grpc-js';
import { clientProtos } from '../../src/server/client-protos';
import { COMPACT_REVISION_METADATA_KEY, ERROR_CODE_METADATA_KEY } from '../../src/grpc-status';
import type { KVServiceClient } from '../../src/generated/raftkv/kv/v1/KVService';
import type { WatchRequest } from '../../src/generated/raftkv/kv/v1/WatchRequest';
import type { WatchResponse__Output } from '../../src/generated/raftkv/kv/v1/WatchResponse';
import { ProcessCluster } from '../support/process-cluster';
import { scrape, valueOf } from '../support/metrics-scrape';
import { waitFor } from '../support/wait';

jest.setTimeout(180_000);

/** History kept per node, small enough that the last test can outrun it. */
const HISTORY_REVISIONS = 400;

interface SeenEvent {
  readonly type: string;
  readonly key: string;
  readonly value: string;
  readonly revision: number;
}

/** A Watch stream on one node, recording what arrives. */
class WatchStream {
  readonly messages: WatchResponse__Output[] = [];
  readonly events: SeenEvent[] = [];
  error: grpc.ServiceError | undefined;
  ended = false;
  readonly #call: grpc.ClientReadableStream<WatchResponse__Output>;

  constructor(client: KVServiceClient, request: WatchRequest) {
    this.#call = client.Watch(request);
    this.#call.on('data', (m: WatchResponse__Output) => {
      this.messages.push(m);
      for (const e of m.events) {
        this.events.push({ type: e.type, key: e.kv?.key ?? '', value: e.kv?.value.toString() ?? '', revision: Number(e.kv?.mod_revision) });
      }
    });
    this.#call.on('error', (e: grpc.ServiceError) => {
      this.error = e;
      this.ended = true;
    });
    this.#call.on('end', () => {
      this.ended = true;
    });
  }

  /** The revision the created message says events follow. */
  async created(): Promise<number> {
    const first = await waitFor('the created message', () => this.messages[0] ?? (this.error ? Promise.reject(this.error) : undefined));
    expect(first.created).toBe(true);
    return Number(first.header?.revision);
  }

  /** Waits until an event at or past `revision` arrived (or the stream failed). */
  async through(revision: number, timeoutMs = 30_000): Promise<void> {
    await waitFor(`events through revision ${revision}`, () => {
      if (this.error !== undefined) throw this.error;
      const last = this.events[this.events.length - 1];
      return last !== undefined && last.revision >= revision;
    }, timeoutMs);
  }

  cancel(): void {
    this.#call.cancel();
  }
}

describe('Watch on a 3-node cluster', () => {
  let cluster: ProcessCluster;
  const clients: KVServiceClient[] = [];
  const streams: WatchStream[] = [];
  const kvClient = (id: string): KVServiceClient => {
    const c = new (clientProtos().kv.raftkv.kv.v1.KVService)(cluster.endpoints([id])[0] as string, grpc.credentials.createInsecure());
    clients.push(c);
    return c;
  };
  const openWatch = (id: string, request: WatchRequest): WatchStream => {
    const s = new WatchStream(kvClient(id), request);
    streams.push(s);
    return s;
  };
  /** Filled by the first test, read by the next: the watched events and where they started. */
  let firstRevision = 0;
  let watched: SeenEvent[] = [];
  let survivors: string[] = [];
  /** The first test's stream, still open. */
  let firstStream: WatchStream | undefined;

  beforeAll(async () => {
    cluster = await ProcessCluster.start({ extraArgs: ['--watch-history-revisions', String(HISTORY_REVISIONS)] });
    await cluster.waitForLeader();
  });
  afterAll(async () => {
    for (const s of streams) s.cancel();
    for (const c of clients) c.close();
    await cluster.stop();
  });

  it('a watcher on a follower sees every event exactly once, in revision order, across a leader kill', async () => {
    const leader = await cluster.waitForLeader();
    survivors = ['n1', 'n2', 'n3'].filter((id) => id !== leader);
    const watchNode = survivors[0] as string;
    const stream = openWatch(watchNode, { key: 'w/', prefix: true });
    const createdAt = await stream.created();
    firstRevision = createdAt + 1;
    expect(valueOf(await scrape(cluster.node(watchNode).httpPort), 'raftkv_watchers')).toBe(1);

    const writer = cluster.client(survivors, 2_000);
    const acknowledged = new Map<number, string>(); // revision -> key
    const attempted = new Set<string>();
    const write = async (i: number): Promise<void> => {
      const key = `w/${String(i).padStart(4, '0')}`;
      attempted.add(key);
      try {
        const res = await writer.put(key, Buffer.from(`v${i}`));
        acknowledged.set(Number(res.header?.revision), key);
      } catch {
        // Not acknowledged: it may or may not have been applied, so it may or may not be watched.
      }
    };
    let i = 0;
    for (; i < 60; i += 1) await write(i);
    expect(acknowledged.size).toBe(60);
    await cluster.stopNode(leader, 'SIGKILL');
    const stopAt = Date.now() + 60_000;
    for (; acknowledged.size < 150 && Date.now() < stopAt; i += 1) await write(i);
    expect(acknowledged.size).toBe(150);

    const lastAcknowledged = Math.max(...acknowledged.keys());
    await stream.through(lastAcknowledged);
    const events = stream.events;
    const revisions = events.map((e) => e.revision);
    process.stdout.write(
      `watch-failover: ${JSON.stringify({ killed: leader, watchedOn: watchNode, attempted: attempted.size, acknowledged: acknowledged.size, events: events.length })}\n`,
    );
    // In order, no duplicates, no gaps: only this test writes, so every revision after
    // the created one is one of its puts.
    expect(revisions).toEqual(Array.from({ length: revisions.length }, (_, k) => firstRevision + k));
    // Every acknowledged write is there, at its revision, with its value.
    const byRevision = new Map(events.map((e) => [e.revision, e]));
    for (const [revision, key] of acknowledged) {
      expect({ revision, key: byRevision.get(revision)?.key }).toEqual({ revision, key });
      expect(byRevision.get(revision)?.value).toBe(`v${Number(key.slice(2))}`);
    }
    // Anything else is a write whose outcome the writer did not learn, seen at most once.
    for (const e of events) expect(attempted.has(e.key)).toBe(true);
    expect(new Set(events.map((e) => e.key)).size).toBe(events.length);
    expect(stream.error).toBeUndefined();
    // Messages carry headers from the node watched, and every event is a put.
    expect(stream.messages.every((m) => m.header?.member_id === watchNode)).toBe(true);
    expect(events.every((e) => e.type === 'EVENT_TYPE_PUT')).toBe(true);
    watched = [...events];
    firstStream = stream;
  });

  it('a watch from an old start_revision replays the history, then continues live', async () => {
    const node = survivors[1] as string;
    const stream = openWatch(node, { key: 'w/', prefix: true, start_revision: String(firstRevision) });
    expect(await stream.created()).toBe(firstRevision - 1);
    const last = watched[watched.length - 1]?.revision ?? 0;
    await stream.through(last);
    expect(stream.events.slice(0, watched.length)).toEqual(watched);

    const writer = cluster.client([node]);
    const res = await writer.put('w/live', Buffer.from('after'));
    await stream.through(Number(res.header?.revision));
    expect(stream.events[stream.events.length - 1]).toEqual({ type: 'EVENT_TYPE_PUT', key: 'w/live', value: 'after', revision: Number(res.header?.revision) });
    const sent = valueOf(await scrape(cluster.node(node).httpPort), 'raftkv_watch_events_sent_total');
    expect(sent).toBeGreaterThanOrEqual(watched.length + 1);
  });

  it('a watch from a compacted start_revision fails with OUT_OF_RANGE and the compact revision', async () => {
    const writer = cluster.client(survivors);
    // Outrun the history kept: it then starts past firstRevision.
    let revision = 0;
    for (let i = 0; i < HISTORY_REVISIONS + 20; i += 1) revision = Number((await writer.put(`c/${i % 10}`, Buffer.from(String(i)))).header?.revision);
    expect(revision).toBeGreaterThan(firstRevision + HISTORY_REVISIONS);
    for (const id of survivors) {
      // A linearizable read through the node: it has applied every write above, so its history stops moving.
      expect(Number((await cluster.client([id]).get('c/0')).header?.revision)).toBeGreaterThanOrEqual(revision);
      const stream = openWatch(id, { key: 'w/', prefix: true, start_revision: String(firstRevision) });
      await waitFor(`${id} to end the watch`, () => stream.ended);
      expect(stream.error?.code).toBe(grpc.status.OUT_OF_RANGE);
      expect(stream.error?.metadata.get(ERROR_CODE_METADATA_KEY)).toEqual(['RAFTKV_ERR_COMPACTED']);
      const compactedAt = Number(stream.error?.metadata.get(COMPACT_REVISION_METADATA_KEY)[0]);
      expect(compactedAt).toBeGreaterThanOrEqual(firstRevision);
      expect(stream.messages).toEqual([]);
      // The advice in the error holds: a watch just after the compact revision is served.
      const retry = openWatch(id, { key: 'c/', prefix: true, start_revision: String(compactedAt + 1) });
      expect(await retry.created()).toBe(compactedAt);
      await retry.through(revision);
      expect(retry.error).toBeUndefined();
    }
  });

  it('stopping a node (SIGTERM) ends its watches at once with UNAVAILABLE "shutting down"', async () => {
    const stream = firstStream as WatchStream;
    expect(stream.ended).toBe(false);
    const started = Date.now();
    expect(await cluster.stopNode(survivors[0] as string, 'SIGTERM')).toBe(0);
    // Open streams must not hold the shutdown for the server's 5 s grace period.
    expect(Date.now() - started).toBeLessThan(4_000);
    await waitFor('the stream to end', () => stream.ended);
    expect(stream.error?.code).toBe(grpc.status.UNAVAILABLE);
    expect(stream.error?.details).toMatch(/shutting down/);
  });
});
