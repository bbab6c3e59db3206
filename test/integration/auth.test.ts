/**
 * Authentication and roles on both APIs, as a client sees them: every RPC
 * is tried by a user whose role permits it and again where it does not
 * (a table over raftkv's API and etcd's), then what happens without a
 * token, with a bad one, after a role change and after a password change,
 * and on the HTTP door.
 */
import * as grpc from '@grpc/grpc-js';
import { request } from 'node:http';
import { startSingleNode, type InProcessNode } from '../support/in-process-node';
import { GrpcCaller, methodOf, type Outcome } from '../support/grpc-caller';
import { waitFor } from '../support/wait';

jest.setTimeout(60_000);

const AUTH = '/raftkv.auth.v1.AuthService';
const KV = '/raftkv.kv.v1.KVService';
const b = (s: string): Buffer => Buffer.from(s);

interface WatchAnswer {
  watch_id: string;
  created: boolean;
  canceled: boolean;
  cancel_reason: string;
  events: { kv?: { key: Buffer; value: Buffer } }[];
}

describe('auth on a node: tokens, roles and permissions, over both APIs', () => {
  let node: InProcessNode;
  let caller: GrpcCaller;
  const tokens = { root: '', alice: '' };
  const leases = { app: '', other: '' };

  const ok = async (path: string, req: object, token?: string): Promise<Outcome> => {
    const out = await caller.call(path, req, token);
    expect({ path, code: grpc.status[out.code], details: out.details }).toEqual({ path, code: 'OK', details: '' });
    return out;
  };
  const tokenOf = async (name: string, password: string): Promise<string> =>
    ((await ok(`${AUTH}/Authenticate`, { name, password })).response as { token: string }).token;

  beforeAll(async () => {
    node = await startSingleNode([]);
    caller = new GrpcCaller(node.clientAddress);
    // Refused until root exists with the root role, as etcd refuses it.
    const early = await caller.call('/etcdserverpb.Auth/AuthEnable', {});
    expect([early.code, early.details]).toEqual([grpc.status.FAILED_PRECONDITION, 'etcdserver: root user does not exist']);
    await ok(`${AUTH}/AddUser`, { name: 'root', password: 'rootpw' });
    await ok(`${AUTH}/GrantRole`, { user: 'root', role: 'root' });
    await ok(`${AUTH}/AddUser`, { name: 'alice', password: 'alicepw' });
    await ok(`${AUTH}/AddRole`, { name: 'app' });
    await ok(`${AUTH}/GrantPermission`, { role: 'app', permission: { type: 'PERMISSION_TYPE_READWRITE', key: 'app/', prefix: true } });
    await ok(`${AUTH}/GrantRole`, { user: 'alice', role: 'app' });
    await ok(`${AUTH}/Enable`, {});
    tokens.root = await tokenOf('root', 'rootpw');
    tokens.alice = await tokenOf('alice', 'alicepw');
    for (const key of ['app/x', 'other/x']) await ok(`${KV}/Put`, { key, value: b('v') }, tokens.root);
    for (const which of ['app', 'other'] as const) {
      const put = await ok(`${KV}/Put`, { key: `${which}/leased`, value: b('v'), ttl_seconds: 600 }, tokens.root);
      leases[which] = (put.response as { lease: string }).lease;
    }
  });

  afterAll(async () => {
    caller?.close();
    await node?.close();
  });

  interface Row {
    readonly name: string;
    readonly path: string;
    readonly permitted: () => object;
    readonly denied: () => object;
    /** raftkv's message names the key and the permission; etcd's is its own. */
    readonly deniedMessage: string;
    /** Root-only calls are tried with a request that fails later, for another reason: 'past-auth' accepts any status but the two auth ones. */
    readonly permittedCode?: grpc.status | 'past-auth';
    readonly permittedAs?: 'root';
  }

  const putOp = (key: string): object => ({ request_put: { key, value: b('v') } });
  const etcdPutOp = (key: string): object => ({ request_put: { key: b(key), value: b('v') } });
  const table: Row[] = [
    { name: 'Put', path: `${KV}/Put`, permitted: () => ({ key: 'app/p', value: b('1') }), denied: () => ({ key: 'other/p', value: b('1') }), deniedMessage: 'permission denied: user "alice" has no write permission on key "other/p"' },
    { name: 'Get', path: `${KV}/Get`, permitted: () => ({ key: 'app/x' }), denied: () => ({ key: 'other/x' }), deniedMessage: 'has no read permission on key "other/x"' },
    { name: 'Delete', path: `${KV}/Delete`, permitted: () => ({ key: 'app/p' }), denied: () => ({ key: 'other/x' }), deniedMessage: 'has no write permission on key "other/x"' },
    { name: 'Delete with prev_kv needs read too', path: `${KV}/Delete`, permitted: () => ({ key: 'app/none', prev_kv: true }), denied: () => ({ key: 'other/', prefix: true, prev_kv: true }), deniedMessage: 'has no write permission on keys ["other/", "other0")' },
    { name: 'Range', path: `${KV}/Range`, permitted: () => ({ key: 'app/', prefix: true }), denied: () => ({ key: 'a', range_end: 'b' }), deniedMessage: 'has no read permission on keys ["a", "b")' },
    { name: 'Txn compare', path: `${KV}/Txn`, permitted: () => ({ compare: [{ key: 'app/x', target: 'COMPARE_TARGET_VERSION', op: 'COMPARE_OP_EQUAL', version: 1 }], success: [putOp('app/t')] }), denied: () => ({ compare: [{ key: 'other/x', target: 'COMPARE_TARGET_VERSION', op: 'COMPARE_OP_EQUAL', version: 1 }], success: [putOp('app/t')] }), deniedMessage: 'has no read permission on key "other/x"' },
    { name: 'Txn failure branch', path: `${KV}/Txn`, permitted: () => ({ success: [putOp('app/t')], failure: [putOp('app/u')] }), denied: () => ({ success: [putOp('app/t')], failure: [putOp('other/t')] }), deniedMessage: 'has no write permission on key "other/t"' },
    { name: 'Txn range op', path: `${KV}/Txn`, permitted: () => ({ success: [{ request_range: { key: 'app/', prefix: true } }] }), denied: () => ({ success: [{ request_range: { key: 'other/', prefix: true } }] }), deniedMessage: 'has no read permission on keys ["other/", "other0")' },
    { name: 'Txn nested Txn', path: `${KV}/Txn`, permitted: () => ({ success: [{ request_txn: { success: [putOp('app/n')] } }] }), denied: () => ({ success: [{ request_txn: { success: [putOp('other/n')] } }] }), deniedMessage: 'has no write permission on key "other/n"' },
    { name: 'Txn compare over a range', path: `${KV}/Txn`, permitted: () => ({ compare: [{ key: 'app/', range_end: 'app0', target: 'COMPARE_TARGET_VERSION', op: 'COMPARE_OP_GREATER', version: 0 }], success: [putOp('app/t')] }), denied: () => ({ compare: [{ key: 'app/', range_end: 'b', target: 'COMPARE_TARGET_VERSION', op: 'COMPARE_OP_GREATER', version: 0 }], success: [putOp('app/t')] }), deniedMessage: 'has no read permission on keys ["app/", "b")' },
    { name: 'Watch (at creation)', path: `${KV}/Watch`, permitted: () => ({ key: 'app/x', start_revision: 1 }), denied: () => ({ key: 'other/x', start_revision: 1 }), deniedMessage: 'has no read permission on key "other/x"' },
    { name: 'LeaseRevoke (write on its keys)', path: '/raftkv.kv.v1.LeaseService/LeaseRevoke', permitted: () => ({ id: leases.app }), denied: () => ({ id: leases.other }), deniedMessage: 'has no write permission on key "other/leased"' },
    { name: 'AddMember (root only)', path: '/raftkv.cluster.v1.ClusterService/AddMember', permittedAs: 'root', permittedCode: grpc.status.INVALID_ARGUMENT, permitted: () => ({ id: '' }), denied: () => ({ id: '' }), deniedMessage: 'permission denied: user "alice" needs the root role for this request' },
    { name: 'AddUser (root only)', path: `${AUTH}/AddUser`, permittedAs: 'root', permitted: () => ({ name: 'carol', password: 'pw' }), denied: () => ({ name: 'mallory', password: 'pw' }), deniedMessage: 'needs the root role' },
    // etcd's API
    { name: 'etcd Range', path: '/etcdserverpb.KV/Range', permitted: () => ({ key: b('app/x') }), denied: () => ({ key: b('other/x') }), deniedMessage: 'etcdserver: permission denied' },
    { name: 'etcd Range over a prefix', path: '/etcdserverpb.KV/Range', permitted: () => ({ key: b('app/'), range_end: b('app0') }), denied: () => ({ key: b('app/'), range_end: b('b') }), deniedMessage: 'etcdserver: permission denied' },
    { name: 'etcd Put', path: '/etcdserverpb.KV/Put', permitted: () => ({ key: b('app/e'), value: b('1') }), denied: () => ({ key: b('other/e'), value: b('1') }), deniedMessage: 'etcdserver: permission denied' },
    { name: 'etcd DeleteRange', path: '/etcdserverpb.KV/DeleteRange', permitted: () => ({ key: b('app/e') }), denied: () => ({ key: b('other/'), range_end: b('other0') }), deniedMessage: 'etcdserver: permission denied' },
    { name: 'etcd Txn', path: '/etcdserverpb.KV/Txn', permitted: () => ({ compare: [{ key: b('app/x'), target: 'VERSION', version: 1 }], success: [etcdPutOp('app/t')] }), denied: () => ({ success: [etcdPutOp('app/t')], failure: [etcdPutOp('other/t')] }), deniedMessage: 'etcdserver: permission denied' },
    // Denied, an etcd watch is canceled but its stream goes on: see the test after the table.
    { name: 'etcd Watch (at creation)', path: '/etcdserverpb.Watch/Watch', permitted: () => ({ create_request: { key: b('app/x') } }), denied: () => ({}), deniedMessage: '' },
    { name: 'etcd LeaseRevoke', path: '/etcdserverpb.Lease/LeaseRevoke', permitted: () => ({ ID: '1' }), denied: () => ({ ID: leases.other }), deniedMessage: 'etcdserver: permission denied', permittedCode: grpc.status.NOT_FOUND },
    { name: 'etcd MemberAdd (root only)', path: '/etcdserverpb.Cluster/MemberAdd', permittedAs: 'root', permittedCode: 'past-auth', permitted: () => ({ peerURLs: [] }), denied: () => ({ peerURLs: [] }), deniedMessage: 'etcdserver: permission denied' },
    { name: 'etcd UserAdd (root only)', path: '/etcdserverpb.Auth/UserAdd', permittedAs: 'root', permitted: () => ({ name: 'dave', password: 'pw' }), denied: () => ({ name: 'eve', password: 'pw' }), deniedMessage: 'etcdserver: permission denied' },
    { name: 'etcd Status (any user)', path: '/etcdserverpb.Maintenance/Status', permitted: () => ({}), denied: () => ({}), deniedMessage: '', permittedAs: undefined },
  ];

  describe.each(table)('$name', (row) => {
    test('permitted: the call gets past auth', async () => {
      const out = await caller.call(row.path, row.permitted(), row.permittedAs === 'root' ? tokens.root : tokens.alice);
      if (row.permittedCode === 'past-auth') expect(['PERMISSION_DENIED', 'UNAUTHENTICATED']).not.toContain(grpc.status[out.code]);
      else expect({ code: grpc.status[out.code] }).toEqual({ code: grpc.status[row.permittedCode ?? grpc.status.OK] });
    });
    if (row.deniedMessage !== '') {
      test('not permitted: PERMISSION_DENIED naming the key and the permission', async () => {
        const out = await caller.call(row.path, row.denied(), tokens.alice);
        expect(grpc.status[out.code]).toBe('PERMISSION_DENIED');
        expect(out.details).toContain(row.deniedMessage);
      });
    }
    test('no token: refused (UNAUTHENTICATED; etcd: "user name is empty")', async () => {
      const out = await caller.call(row.path, row.permitted());
      if (row.path.startsWith('/etcdserverpb.')) expect([grpc.status[out.code], out.details]).toEqual(['INVALID_ARGUMENT', 'etcdserver: user name is empty']);
      else expect(grpc.status[out.code]).toBe('UNAUTHENTICATED');
    });
    test('a token this node never issued: UNAUTHENTICATED', async () => {
      const out = await caller.call(row.path, row.permitted(), 'not-a-token');
      expect(grpc.status[out.code]).toBe('UNAUTHENTICATED');
      if (row.path.startsWith('/etcdserverpb.')) expect(out.details).toBe('etcdserver: invalid auth token');
    });
  });

  test('etcd Watch: a denied watch is created and canceled, and the other watch on the stream goes on', async () => {
    const client = new grpc.Client(node.clientAddress, grpc.credentials.createInsecure());
    const m = methodOf('/etcdserverpb.Watch/Watch');
    const metadata = new grpc.Metadata();
    metadata.set('token', tokens.alice);
    const stream = client.makeBidiStreamRequest('/etcdserverpb.Watch/Watch', m.requestSerialize, m.responseDeserialize, metadata, {});
    const received: WatchAnswer[] = [];
    let ended: grpc.ServiceError | undefined;
    stream.on('data', (r: WatchAnswer) => received.push(r));
    stream.on('error', (err: grpc.ServiceError) => (ended = err));
    try {
      stream.write({ create_request: { key: b('other/w') } });
      await waitFor('the denied watch to be answered', () => received.length >= 1);
      stream.write({ create_request: { key: b('app/w') } });
      await waitFor('the permitted watch to be created', () => received.length >= 2);
      expect(received.map((r) => [r.watch_id, r.created, r.canceled, r.cancel_reason])).toEqual([
        ['-1', true, true, 'rpc error: code = PermissionDenied desc = etcdserver: permission denied'],
        ['0', true, false, ''],
      ]);
      await ok(`${KV}/Put`, { key: 'app/w', value: b('seen') }, tokens.alice);
      const event = await waitFor('the put on the permitted watch', () => received.find((r) => r.events.length > 0));
      expect([event.watch_id, event.events[0]?.kv?.key.toString(), event.events[0]?.kv?.value.toString()]).toEqual(['0', 'app/w', 'seen']);
      expect(ended).toBeUndefined();
    } finally {
      stream.cancel();
      client.close();
    }
  });

  test('a request that names no key (an empty Txn) still needs a user', async () => {
    expect(grpc.status[(await caller.call(`${KV}/Txn`, {})).code]).toBe('UNAUTHENTICATED');
    expect(grpc.status[(await caller.call('/etcdserverpb.KV/Txn', {})).code]).toBe('INVALID_ARGUMENT');
    await ok(`${KV}/Txn`, {}, tokens.alice);
  });

  test('a wrong password is refused without saying which part was wrong', async () => {
    const raftkv = await caller.call(`${AUTH}/Authenticate`, { name: 'alice', password: 'nope' });
    expect([grpc.status[raftkv.code], raftkv.details]).toEqual(['UNAUTHENTICATED', 'authentication failed: unknown user or wrong password']);
    const etcd = await caller.call('/etcdserverpb.Auth/Authenticate', { name: 'nobody', password: 'nope' });
    expect([grpc.status[etcd.code], etcd.details]).toEqual(['INVALID_ARGUMENT', 'etcdserver: authentication failed, invalid user ID or password']);
  });

  test("changing a user's roles takes effect on the next request, with the same token", async () => {
    await ok(`${KV}/Get`, { key: 'app/x' }, tokens.alice);
    await ok(`${AUTH}/RevokeRole`, { user: 'alice', role: 'app' }, tokens.root);
    expect(grpc.status[(await caller.call(`${KV}/Get`, { key: 'app/x' }, tokens.alice)).code]).toBe('PERMISSION_DENIED');
    await ok(`${AUTH}/GrantRole`, { user: 'alice', role: 'app' }, tokens.root);
    await ok(`${KV}/Get`, { key: 'app/x' }, tokens.alice);
  });

  test("a password change retires the user's tokens", async () => {
    await ok(`${AUTH}/AddUser`, { name: 'frank', password: 'old' }, tokens.root);
    const old = await tokenOf('frank', 'old');
    await ok(`${AUTH}/ChangePassword`, { name: 'frank', password: 'new' }, tokens.root);
    expect(grpc.status[(await caller.call('/raftkv.kv.v1.LeaseService/LeaseLeases', {}, old)).code]).toBe('UNAUTHENTICATED');
    await ok('/raftkv.kv.v1.LeaseService/LeaseLeases', {}, await tokenOf('frank', 'new'));
  });

  test('the root user cannot lose its role while auth is enabled', async () => {
    const out = await caller.call('/etcdserverpb.Auth/UserRevokeRole', { name: 'root', role: 'root' }, tokens.root);
    expect([grpc.status[out.code], out.details]).toEqual(['INVALID_ARGUMENT', 'etcdserver: invalid auth management']);
  });

  test('Authenticate and Status need no token; health answers without one', async () => {
    const status = await ok(`${AUTH}/Status`, {});
    expect(status.response).toMatchObject({ enabled: true });
    await ok('/grpc.health.v1.Health/Check', { service: '' });
  });

  test('the HTTP door takes the token as Authorization: Bearer, its snapshot door too (root only)', async () => {
    const get = (path: string, token?: string): Promise<number> =>
      new Promise((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: node.httpPort, path, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    expect(await get('/v1/kv/app/x', tokens.alice)).toBe(200);
    expect(await get('/v1/kv/other/x', tokens.alice)).toBe(403);
    expect(await get('/v1/kv/app/x')).toBe(401);
    // A backup holds every key: root only, as MaintenanceService.Snapshot.
    expect(await get('/v1/snapshot')).toBe(401);
    expect(await get('/v1/snapshot', tokens.alice)).toBe(403);
    expect(await get('/v1/snapshot', tokens.root)).toBe(200);
  });

  test('a role reads back the same through both APIs', async () => {
    const raftkv = await ok(`${AUTH}/GetRole`, { name: 'app' }, tokens.root);
    expect(raftkv.response).toEqual({ name: 'app', permissions: [{ type: 'PERMISSION_TYPE_READWRITE', key: 'app/', range_end: '', prefix: true }] });
    const etcd = await ok('/etcdserverpb.Auth/RoleGet', { role: 'app' }, tokens.root);
    const perm = (etcd.response as { perm: { permType: string; key: Buffer; range_end: Buffer }[] }).perm;
    expect(perm.map((p) => [p.permType, p.key.toString(), p.range_end.toString()])).toEqual([['READWRITE', 'app/', 'app0']]);
  });

  test('disabling auth opens every call again', async () => {
    await ok(`${AUTH}/Disable`, {}, tokens.root);
    await waitFor('auth to be off', async () => (await caller.call(`${KV}/Get`, { key: 'other/x' })).code === grpc.status.OK);
  });
});
