import * as grpc from '@grpc/grpc-js';
import type { WatchRequest } from '../../../src/generated/etcdserverpb/WatchRequest';
import type { WatchResponse__Output } from '../../../src/generated/etcdserverpb/WatchResponse';
import { etcdHeader } from '../../../src/etcd/etcd-header';
import { etcdWatchHandler } from '../../../src/etcd/watch-service';
import { clientProtos } from '../../../src/server/client-protos';
import { WatchHub } from '../../../src/watch/watch-hub';
import { waitFor } from '../../support/wait';
import { FakeWatchSource } from '../watch/fake-watch-source';

const silent = { error: () => undefined, debug: () => undefined };
const b = (s: string): Buffer => Buffer.from(s, 'utf8');

describe("etcd's Watch stream over the watch hub", () => {
  let source: FakeWatchSource;
  let hub: WatchHub;
  let server: grpc.Server;
  let client: grpc.Client;
  let stream: grpc.ClientDuplexStream<WatchRequest, WatchResponse__Output>;
  let received: WatchResponse__Output[];

  beforeEach(async () => {
    source = new FakeWatchSource();
    hub = new WatchHub({ source, progressIntervalMs: 60_000 });
    server = new grpc.Server();
    const pb = clientProtos().etcd.etcdserverpb;
    const header = etcdHeader({ id: 'n1', status: () => ({ term: 3 }) }, 'raftkv');
    server.addService(pb.Watch.service, { Watch: etcdWatchHandler({ hub, header, revision: () => source.revision(), logger: silent }) });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    client = new pb.Watch(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    stream = (client as unknown as { Watch(): typeof stream }).Watch();
    received = [];
    stream.on('data', (m: WatchResponse__Output) => received.push(m));
    stream.on('error', () => undefined);
  });

  afterEach(() => {
    stream.cancel();
    hub.close();
    client.close();
    server.forceShutdown();
  });

  const next = (what: string, match: (m: WatchResponse__Output) => boolean): Promise<WatchResponse__Output> =>
    waitFor(what, () => received.find(match), 5_000, 5);
  const isProgress = (m: WatchResponse__Output): boolean => m.watch_id === '-1' && !m.created && !m.canceled;

  test('a progress answer never claims a revision whose events the stream has not sent yet', async () => {
    await source.apply([{ put: 'k', value: '1' }], [{ put: 'k', value: '2' }], [{ put: 'k', value: '3' }]);
    let openGate!: () => void;
    source.historyGate = new Promise((resolve) => (openGate = resolve));
    stream.write({ create_request: { key: b('k'), start_revision: 1 } });
    await next('the watch to be created', (m) => m.created);
    stream.write({ progress_request: {} });
    // The watch is still reading history: nothing is sent, so the answer is the revision before its start.
    expect((await next('a first progress answer', isProgress)).header?.revision).toBe('0');
    openGate();
    source.historyGate = undefined;
    await next('the history', (m) => m.events.some((e) => e.kv?.value.toString() === '3'));
    stream.write({ progress_request: {} });
    await waitFor('a second progress answer', () => received.filter(isProgress).length === 2);
    // Whatever the timing: no event at or below a progress revision arrives after it.
    received.forEach((m, i) => {
      if (!isProgress(m)) return;
      const later = received.slice(i + 1).flatMap((x) => x.events.map((e) => Number(e.kv?.mod_revision)));
      expect(later.filter((r) => r <= Number(m.header?.revision))).toEqual([]);
    });
    expect(received.filter(isProgress).map((m) => m.header?.revision)).toEqual(['0', '3']);
  });

  test('a start revision no longer in the history: created, then canceled with the first revision a watch may start at', async () => {
    await source.apply([{ put: 'k' }], [{ put: 'k' }], [{ put: 'k' }]);
    source.compact(2);
    stream.write({ create_request: { key: b('k'), start_revision: 1 } });
    const canceled = await next('the cancel', (m) => m.canceled);
    expect(received.map((m) => [m.watch_id, m.created, m.canceled, m.compact_revision])).toEqual([
      ['0', true, false, '0'],
      ['0', false, true, '3'],
    ]);
    stream.write({ create_request: { key: b('k'), start_revision: canceled.compact_revision } });
    const again = await next('a watch from there', (m) => m.created && m.watch_id === '1');
    expect(again.canceled).toBe(false);
    await next('its history', (m) => m.watch_id === '1' && m.events.length > 0);
  });

  test('a watch id already in use, or a range that names no key, is created and canceled at once with a reason', async () => {
    stream.write({ create_request: { key: b('k'), watch_id: 5 } });
    await next('the watch', (m) => m.created && m.watch_id === '5');
    stream.write({ create_request: { key: b('k'), watch_id: 5 } });
    stream.write({ create_request: { key: b('z'), range_end: b('a') } });
    await waitFor('two refusals', () => received.filter((m) => m.canceled).length === 2);
    const refusals = received.filter((m) => m.canceled);
    expect(refusals.map((m) => [m.watch_id, m.created])).toEqual([
      ['-1', true],
      ['-1', true],
    ]);
    expect(refusals.map((m) => m.cancel_reason)).toEqual([expect.stringContaining('already in use'), expect.stringContaining('range_end')]);
  });
});
