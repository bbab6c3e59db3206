/**
 * The cluster id as an operator sees it: derived alike by every initial
 * member from the peers and --initial-cluster-token (etcd's rule), shown by
 * ClusterService.Status and, as a uint64, in etcd's MemberList header; taken
 * by a member that joins later; and, for a data dir written with another
 * id (a configured one, or one from before ids were derived), the stored id.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { deriveClusterId } from '../../src/discovery/cluster-id';
import { GrpcCaller } from '../support/grpc-caller';
import { restartNode, startCluster, startNode, startSingleNode, type InProcessNode } from '../support/in-process-node';
import { freePorts } from '../support/ports';
import { waitFor } from '../support/wait';

jest.setTimeout(90_000);

const STATUS = '/raftkv.cluster.v1.ClusterService/Status';

async function clusterIdOf(node: InProcessNode): Promise<string> {
  const caller = new GrpcCaller(node.clientAddress);
  try {
    const out = await caller.call(STATUS, {});
    expect(grpc.status[out.code]).toBe('OK');
    return (out.response as { cluster_id: string }).cluster_id;
  } finally {
    caller.close();
  }
}

describe('cluster id', () => {
  const nodes: InProcessNode[] = [];
  afterEach(async () => {
    await Promise.all(nodes.splice(0).map((n) => n.close()));
  });

  test('initial members derive one id from the peers and the token; etcd shows it as a uint64; a joining member takes it', async () => {
    nodes.push(...(await startCluster(3, () => ['--initial-cluster-token', 'tok-a'])));
    await waitFor('a leader', () => nodes.some((n) => n.server.node.leader === n.id), 20_000);
    const peers = new Map(nodes.map((n) => [n.id, n.peerAddress]));
    const expected = deriveClusterId(peers, 'tok-a');
    expect(await Promise.all(nodes.map(clusterIdOf))).toEqual([expected, expected, expected]);
    expect(expected).not.toBe(deriveClusterId(peers, 'raftkv-cluster'));

    const caller = new GrpcCaller(nodes[0]!.clientAddress);
    const list = await caller.call('/etcdserverpb.Cluster/MemberList', {});
    caller.close();
    expect((list.response as { header: { cluster_id: string } }).header.cluster_id).toBe(BigInt(`0x${expected}`).toString());

    // Joined through --join, with flags that would derive another id: it takes the cluster's.
    const [port, clientPort] = await freePorts(2);
    const n4 = await startNode('n4', ['--join', nodes[0]!.clientAddress, '--client-addr', `127.0.0.1:${clientPort}`, '--peer-addr', `127.0.0.1:${port}`, '--http-addr', '127.0.0.1:0', '--initial-cluster-token', 'other'], mkdtempSync(join(tmpdir(), 'raftkv-n4-')));
    nodes.push(n4);
    expect(await clusterIdOf(n4)).toBe(expected);
    // It takes part: the members accept its messages (it catches up and applies a write made after it joined).
    const writer = new GrpcCaller(nodes[0]!.clientAddress);
    const reader = new GrpcCaller(n4.clientAddress);
    try {
      expect(grpc.status[(await writer.call('/raftkv.kv.v1.KVService/Put', { key: 'after-join', value: Buffer.from('v') })).code]).toBe('OK');
      const get = { key: 'after-join', consistency: 'CONSISTENCY_SERIALIZABLE' };
      await waitFor('n4 to apply the write', async () => (await reader.call('/raftkv.kv.v1.KVService/Get', get)).response !== undefined && ((await reader.call('/raftkv.kv.v1.KVService/Get', get)).response as { found: boolean }).found, 20_000);
    } finally {
      writer.close();
      reader.close();
    }
  });

  test('a data dir keeps the id it was written with (a configured id, or one from before ids were derived)', async () => {
    const first = await startSingleNode(['--cluster-id', 'legacy']);
    nodes.push(first);
    expect(await clusterIdOf(first)).toBe('legacy');
    const again = await restartNode(first, [first], []);
    nodes.splice(0, 1, again);
    expect(await clusterIdOf(again)).toBe('legacy');
  });
});
