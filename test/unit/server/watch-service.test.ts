import * as grpc from '@grpc/grpc-js';
import { clientProtos } from '../../../src/server/client-protos';
import { watchHandler } from '../../../src/server/watch-service';
import { COMPACT_REVISION_METADATA_KEY, ERROR_CODE_METADATA_KEY } from '../../../src/grpc-status';
import { WatchHub } from '../../../src/watch/watch-hub';
import type { KVServiceClient } from '../../../src/generated/raftkv/kv/v1/KVService';
import type { WatchRequest } from '../../../src/generated/raftkv/kv/v1/WatchRequest';
import type { WatchResponse__Output } from '../../../src/generated/raftkv/kv/v1/WatchResponse';
import { FakeWatchSource, settle } from '../watch/fake-watch-source';
import { waitFor } from '../../support/wait';

const silent = { error: () => undefined, debug: () => undefined };

/** One Watch call: its messages as they come, and how it ended. */
function watch(client: KVServiceClient, req: WatchRequest) {
  const call = client.Watch(req);
  const messages: WatchResponse__Output[] = [];
  const ended = new Promise<grpc.ServiceError | undefined>((resolve) => {
    call.on('data', (m: WatchResponse__Output) => messages.push(m));
    call.on('error', (e: grpc.ServiceError) => resolve(e));
    call.on('end', () => resolve(undefined));
  });
  // 'error' ends the call; 'end' after an error is not emitted, so a cancelled call resolves via error.
  return { call, messages, ended };
}

describe('KVService.Watch over gRPC', () => {
  let source: FakeWatchSource;
  let hub: WatchHub;
  let server: grpc.Server;
  let client: KVServiceClient;

  beforeEach(async () => {
    source = new FakeWatchSource();
    hub = new WatchHub({ source, progressIntervalMs: 100 });
    server = new grpc.Server();
    const protos = clientProtos();
    server.addService(protos.kv.raftkv.kv.v1.KVService.service, {
      Watch: watchHandler({ hub, node: { id: 'n1', status: () => ({ term: 7 }), appliedIndex: 42 }, logger: silent }),
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    client = new protos.kv.raftkv.kv.v1.KVService(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  });
  afterEach(() => {
    hub.close();
    client.close();
    server.forceShutdown();
  });

  it('sends created first, then events with a header on every message, prev_kv only when asked', async () => {
    await source.apply([{ put: 'a', value: '1' }]);
    const w = watch(client, { key: 'a', prev_kv: true });
    await waitFor('created', () => w.messages.length >= 1);
    await source.apply([{ put: 'a', value: '2' }], [{ del: 'a' }]);
    await waitFor('events', () => w.messages.length >= 2);
    const [created, events] = w.messages;
    expect(created).toMatchObject({ created: true, events: [], progress_notify: false, header: { member_id: 'n1', raft_term: '7', applied_index: '42', revision: '1' } });
    expect(events?.header?.revision).toBe('3');
    expect(events?.events.map((e) => [e.type, e.kv?.key, e.kv?.mod_revision, e.prev_kv?.value.toString()])).toEqual([
      ['EVENT_TYPE_PUT', 'a', '2', '1'],
      ['EVENT_TYPE_DELETE', 'a', '3', '2'],
    ]);
    expect(hub.size).toBe(1);
    w.call.cancel();
    await waitFor('the watcher to be removed', () => hub.size === 0);
  });

  it('replays history from start_revision and sends progress notifications when idle', async () => {
    await source.apply([{ put: 'p/1' }], [{ put: 'q' }], [{ put: 'p/2' }]);
    const w = watch(client, { key: 'p/', prefix: true, start_revision: '2', progress_notify: true });
    await waitFor('a progress notification', () => w.messages.some((m) => m.progress_notify), 5_000);
    expect(w.messages[0]).toMatchObject({ created: true, header: { revision: '1' } });
    expect(w.messages[1]?.events.map((e) => e.kv?.key)).toEqual(['p/2']);
    expect(w.messages.find((m) => m.progress_notify)).toMatchObject({ events: [], header: { revision: '3' } });
    w.call.cancel();
  });

  it.each([
    [{ key: '' }, 'key'],
    [{ key: 'b', range_end: 'a' }, 'range_end'],
    [{ key: 'a', prefix: true, range_end: 'b' }, 'range_end'],
    [{ key: 'a', start_revision: '-1' }, 'start_revision'],
  ] as [WatchRequest, string][])('refuses %j with INVALID_ARGUMENT naming %s', async (req, field) => {
    const err = await watch(client, req).ended;
    expect(err?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(err?.details).toMatch(new RegExp(`^${field}: `));
    expect(hub.size).toBe(0);
  });

  it('a compacted start_revision ends with OUT_OF_RANGE and the compact revision in the trailers', async () => {
    for (let i = 0; i < 5; i += 1) await source.apply([{ put: 'a' }]);
    source.compact(3);
    const w = watch(client, { key: 'a', start_revision: '2' });
    const err = await w.ended;
    expect(err?.code).toBe(grpc.status.OUT_OF_RANGE);
    expect(err?.metadata.get(ERROR_CODE_METADATA_KEY)).toEqual(['RAFTKV_ERR_COMPACTED']);
    expect(err?.metadata.get(COMPACT_REVISION_METADATA_KEY)).toEqual(['3']);
    expect(w.messages).toEqual([]);
  });

  it('closing the hub ends open streams with UNAVAILABLE "shutting down"', async () => {
    const w = watch(client, { key: 'a' });
    await waitFor('created', () => w.messages.length >= 1);
    hub.close();
    const err = await w.ended;
    expect(err?.code).toBe(grpc.status.UNAVAILABLE);
    expect(err?.details).toMatch(/shutting down/);
    expect(err?.metadata.get(ERROR_CODE_METADATA_KEY)).toEqual(['RAFTKV_ERR_SHUTDOWN']);
  });

  it('a client that stops reading gets everything once it reads again (backpressure, then history)', async () => {
    const w = watch(client, { key: 'k' });
    await waitFor('created', () => w.messages.length >= 1);
    w.call.pause();
    const value = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 200; i += 1) await source.apply([{ put: 'k', value }]);
    await settle();
    // The stream stopped taking messages, so the watcher fell back to history.
    expect(source.historyReads).toBeGreaterThan(0);
    w.call.resume();
    await waitFor('all 200 events', () => w.messages.flatMap((m) => m.events).length >= 200, 20_000);
    expect(w.messages.flatMap((m) => m.events.map((e) => Number(e.kv?.mod_revision)))).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    w.call.cancel();
  });
});
