/**
 * The auth state is replicated state: a follower that was down while users
 * and roles changed, and that catches up by snapshot because the leader
 * compacted its log, enforces the same roles; so does a node restarted on
 * its data dir. Tokens are per node, so each check authenticates at the
 * node it asks.
 */
import * as grpc from '@grpc/grpc-js';
import { restartNode, startCluster, type InProcessNode } from '../support/in-process-node';
import { GrpcCaller } from '../support/grpc-caller';
import { waitFor } from '../support/wait';

jest.setTimeout(120_000);

const AUTH = '/raftkv.auth.v1.AuthService';
const KV = '/raftkv.kv.v1.KVService';

describe('auth state through snapshots and restarts', () => {
  let nodes: InProcessNode[] = [];

  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.close()));
  });

  async function expectOk(caller: GrpcCaller, path: string, req: object, token?: string): Promise<unknown> {
    const out = await caller.call(path, req, token);
    expect({ path, code: grpc.status[out.code], details: out.details }).toEqual({ path, code: 'OK', details: '' });
    return out.response;
  }

  /** What alice may do at `node`: her Get of app/x and of other/x, as status names (serializable: the node's own state). */
  async function aliceAt(node: InProcessNode): Promise<[string, string]> {
    const caller = new GrpcCaller(node.clientAddress);
    try {
      const { token } = (await expectOk(caller, `${AUTH}/Authenticate`, { name: 'alice', password: 'alicepw' })) as { token: string };
      const get = async (key: string): Promise<string> => grpc.status[(await caller.call(`${KV}/Get`, { key, consistency: 'CONSISTENCY_SERIALIZABLE' }, token)).code] ?? '';
      return [await get('app/x'), await get('other/x')];
    } finally {
      caller.close();
    }
  }

  it('a follower that catches up by snapshot, and a restarted node, enforce the same roles', async () => {
    nodes = await startCluster(3, () => ['--snapshot-entries', '20']);
    const leaderId = await waitFor('a leader', () => nodes[0]!.server.node.leader || undefined, 20_000);
    const leader = nodes.find((n) => n.id === leaderId)!;
    const lagging = nodes.find((n) => n.id !== leaderId)!;
    await lagging.stop();

    const caller = new GrpcCaller(leader.clientAddress);
    try {
      await expectOk(caller, `${AUTH}/AddUser`, { name: 'root', password: 'rootpw' });
      await expectOk(caller, `${AUTH}/GrantRole`, { user: 'root', role: 'root' });
      await expectOk(caller, `${AUTH}/AddUser`, { name: 'alice', password: 'alicepw' });
      await expectOk(caller, `${AUTH}/AddRole`, { name: 'app' });
      await expectOk(caller, `${AUTH}/GrantPermission`, { role: 'app', permission: { type: 'PERMISSION_TYPE_READ', key: 'app/', prefix: true } });
      await expectOk(caller, `${AUTH}/GrantRole`, { user: 'alice', role: 'app' });
      await expectOk(caller, `${AUTH}/Enable`, {});
      const { token } = (await expectOk(caller, `${AUTH}/Authenticate`, { name: 'root', password: 'rootpw' })) as { token: string };
      // Enough writes for the leader to compact its log past where the stopped follower is.
      for (let i = 0; i < 80; i += 1) await expectOk(caller, `${KV}/Put`, { key: i % 2 === 0 ? 'app/x' : 'other/x', value: Buffer.from(String(i)) }, token);
    } finally {
      caller.close();
    }
    await waitFor('the leader to take a snapshot', () => leader.logs().includes('snapshot taken'), 20_000);
    expect(await aliceAt(leader)).toEqual(['OK', 'PERMISSION_DENIED']);

    const peers = nodes;
    const restarted = await restartNode(lagging, peers, []);
    nodes = nodes.map((n) => (n.id === restarted.id ? restarted : n));
    await waitFor(`${restarted.id} to install the leader's snapshot`, () => restarted.logs().includes('installed snapshot'), 30_000);
    await waitFor(`${restarted.id} to enforce auth`, async () => (await aliceAt(restarted).catch(() => undefined))?.[1] === 'PERMISSION_DENIED', 20_000);
    expect(await aliceAt(restarted)).toEqual(['OK', 'PERMISSION_DENIED']);

    // The leader itself, restarted on its data dir: the auth state is read back from disk.
    const again = await restartNode(leader, nodes, []);
    nodes = nodes.map((n) => (n.id === again.id ? again : n));
    await waitFor(`${again.id} to answer`, async () => (await aliceAt(again).catch(() => undefined))?.[0] === 'OK', 20_000);
    expect(await aliceAt(again)).toEqual(['OK', 'PERMISSION_DENIED']);
  });
});
