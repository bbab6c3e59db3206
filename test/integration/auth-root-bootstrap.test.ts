/**
 * --bootstrap-root-password-file (the Helm chart's auth.enabled with a
 * Secret): every member of a new cluster, all at once, makes sure root
 * exists with the file's password and auth is on; a restart changes nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { GrpcCaller } from '../support/grpc-caller';
import { restartNode, startCluster, type InProcessNode } from '../support/in-process-node';
import { waitFor } from '../support/wait';

jest.setTimeout(90_000);

const AUTH = '/raftkv.auth.v1.AuthService';

describe('root and auth from a password file on the first start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'raftkv-rootpw-'));
  const file = join(dir, 'root-password');
  let nodes: InProcessNode[] = [];

  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  const call = async (node: InProcessNode, path: string, req: object, token?: string): Promise<{ code: string; details: string; response?: unknown }> => {
    const caller = new GrpcCaller(node.clientAddress);
    try {
      const out = await caller.call(path, req, token);
      return { code: grpc.status[out.code], details: out.details, response: out.response };
    } finally {
      caller.close();
    }
  };
  const enabled = async (node: InProcessNode): Promise<boolean> => ((await call(node, `${AUTH}/Status`, {})).response as { enabled?: boolean } | undefined)?.enabled === true;

  test('every member turns auth on with root and the password; the password never reaches the logs; a restart leaves it as is', async () => {
    // As a Secret mounted from `kubectl create secret generic --from-file` or `echo` leaves it: one trailing newline.
    writeFileSync(file, 's3cret-root\n');
    nodes = await startCluster(3, () => ['--bootstrap-root-password-file', file]);
    for (const n of nodes) await waitFor(`auth on at ${n.id}`, () => enabled(n), 30_000);

    const noToken = await call(nodes[1]!, '/raftkv.kv.v1.KVService/Put', { key: 'k', value: Buffer.from('v') });
    expect(noToken.code).toBe('UNAUTHENTICATED');
    const login = await call(nodes[2]!, `${AUTH}/Authenticate`, { name: 'root', password: 's3cret-root' });
    expect(login.code).toBe('OK');
    const token = (login.response as { token: string }).token;
    expect((await call(nodes[2]!, '/raftkv.kv.v1.KVService/Put', { key: 'k', value: Buffer.from('v') }, token)).code).toBe('OK');
    const users = await call(nodes[2]!, `${AUTH}/ListUsers`, {}, token);
    expect(users.response).toMatchObject({ names: ['root'] });
    for (const n of nodes) expect(n.logs()).not.toContain('s3cret-root');

    // Restarted with another password in the file: root keeps its own, auth stays on.
    writeFileSync(file, 'another\n');
    const restarted = await restartNode(nodes[0]!, nodes, ['--bootstrap-root-password-file', file]);
    nodes[0] = restarted;
    await waitFor('the restarted member to say auth is on', () => restarted.logs().includes('"outcome":"already-enabled"'), 30_000);
    expect((await call(restarted, `${AUTH}/Authenticate`, { name: 'root', password: 's3cret-root' })).code).toBe('OK');
  });
});
