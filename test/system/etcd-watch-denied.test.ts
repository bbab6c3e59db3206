/**
 * A watch the user may not read, on a stream with another watch it may:
 * etcd answers the denied one created and canceled ("etcdserver: permission
 * denied") and the stream goes on; raftkv must answer the same, response for
 * response. Raw gRPC, so both servers are judged on the wire, etcd first.
 */
import * as grpc from '@grpc/grpc-js';
import { GrpcCaller, methodOf } from '../support/grpc-caller';
import { waitFor } from '../support/wait';
import { etcdctl } from './support/etcdctl';
import { EtcdTargets, ok, type Which } from './support/etcd-targets';
import { describeWithTools } from './support/tools';

jest.setTimeout(120_000);

interface WatchAnswer {
  watch_id: string;
  created: boolean;
  canceled: boolean;
  cancel_reason: string;
  events: { kv?: { key: Buffer; value: Buffer } }[];
}

describeWithTools('etcd Watch: a denied watch beside a permitted one, against etcd and raftkv', ['etcd', 'etcdctl'], () => {
  let servers: EtcdTargets | undefined;

  beforeAll(async () => {
    servers = await EtcdTargets.start();
  });

  afterAll(async () => {
    await servers?.stop();
  });

  test.each<Which>(['etcd', 'raftkv'])('the denied watch is canceled alone; the other one sees its events (%s)', async (which) => {
    const { endpoint } = servers!.get(which);
    const run = (args: readonly string[]): Promise<string> => etcdctl(endpoint, args).then(ok);
    await run(['user', 'add', 'root:rootpw']);
    await run(['user', 'grant-role', 'root', 'root']);
    await run(['user', 'add', 'alice:alicepw']);
    await run(['role', 'add', 'app']);
    await run(['role', 'grant-permission', 'app', 'readwrite', '/app/', '--prefix=true']);
    await run(['user', 'grant-role', 'alice', 'app']);
    await run(['auth', 'enable']);

    const caller = new GrpcCaller(endpoint);
    const login = await caller.call('/etcdserverpb.Auth/Authenticate', { name: 'alice', password: 'alicepw' });
    caller.close();
    expect(grpc.status[login.code]).toBe('OK');
    const metadata = new grpc.Metadata();
    metadata.set('token', (login.response as { token: string }).token);

    const client = new grpc.Client(endpoint, grpc.credentials.createInsecure());
    const m = methodOf('/etcdserverpb.Watch/Watch');
    const stream = client.makeBidiStreamRequest('/etcdserverpb.Watch/Watch', m.requestSerialize, m.responseDeserialize, metadata, {});
    const received: WatchAnswer[] = [];
    let ended: grpc.ServiceError | undefined;
    stream.on('data', (r: WatchAnswer) => received.push(r));
    stream.on('error', (err: grpc.ServiceError) => (ended = err));
    try {
      stream.write({ create_request: { key: Buffer.from('/other/k') } });
      await waitFor('the denied watch to be answered', () => received.length >= 1);
      stream.write({ create_request: { key: Buffer.from('/app/k') } });
      await waitFor('the permitted watch to be created', () => received.length >= 2);
      expect(received.map((r) => [r.watch_id, r.created, r.canceled, r.cancel_reason])).toEqual([
        ['-1', true, true, 'rpc error: code = PermissionDenied desc = etcdserver: permission denied'],
        ['0', true, false, ''],
      ]);
      expect(ok(await etcdctl(endpoint, ['--user=alice:alicepw', 'put', '/app/k', 'seen']))).toBe('OK\n');
      const event = await waitFor('the put on the permitted watch', () => received.find((r) => r.events.length > 0));
      expect([event.watch_id, event.events[0]?.kv?.key.toString(), event.events[0]?.kv?.value.toString()]).toEqual(['0', '/app/k', 'seen']);
      expect(ended).toBeUndefined();
    } finally {
      stream.cancel();
      client.close();
    }
  });
});
