/**
 * A write authorized at the door but applied after its user lost the
 * permission fails PERMISSION_DENIED and changes nothing (etcd's auth
 * revision check). The HTTP door authorizes a PUT when its headers arrive,
 * before its body: a client sending `Expect: 100-continue` holds the body
 * back while the role is revoked, so the write is proposed after that.
 */
import * as grpc from '@grpc/grpc-js';
import { request } from 'node:http';
import { startSingleNode, type InProcessNode } from '../support/in-process-node';
import { GrpcCaller } from '../support/grpc-caller';

jest.setTimeout(60_000);

const AUTH = '/raftkv.auth.v1.AuthService';
const KV = '/raftkv.kv.v1.KVService';

describe('permissions checked again when a write applies', () => {
  let node: InProcessNode;
  let caller: GrpcCaller;
  const tokens = { root: '', alice: '' };

  const ok = async (path: string, req: object, token?: string): Promise<unknown> => {
    const out = await caller.call(path, req, token);
    expect({ path, code: grpc.status[out.code], details: out.details }).toEqual({ path, code: 'OK', details: '' });
    return out.response;
  };
  const tokenOf = async (name: string, password: string): Promise<string> => ((await ok(`${AUTH}/Authenticate`, { name, password })) as { token: string }).token;

  beforeAll(async () => {
    node = await startSingleNode([]);
    caller = new GrpcCaller(node.clientAddress);
    await ok(`${AUTH}/AddUser`, { name: 'root', password: 'rootpw' });
    await ok(`${AUTH}/GrantRole`, { user: 'root', role: 'root' });
    await ok(`${AUTH}/AddUser`, { name: 'alice', password: 'alicepw' });
    await ok(`${AUTH}/AddRole`, { name: 'app' });
    await ok(`${AUTH}/GrantPermission`, { role: 'app', permission: { type: 'PERMISSION_TYPE_READWRITE', key: 'app/', prefix: true } });
    await ok(`${AUTH}/GrantRole`, { user: 'alice', role: 'app' });
    await ok(`${AUTH}/Enable`, {});
    tokens.root = await tokenOf('root', 'rootpw');
    tokens.alice = await tokenOf('alice', 'alicepw');
  });

  afterAll(async () => {
    caller?.close();
    await node?.close();
  });

  /** PUT /v1/kv/<key> as alice; `between` runs once the door has let the request in, before the body is sent. */
  const putHoldingBody = (key: string, body: string, between: () => Promise<void>): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const req = request({
        host: '127.0.0.1',
        port: node.httpPort,
        method: 'PUT',
        path: `/v1/kv/${key}`,
        headers: { authorization: `Bearer ${tokens.alice}`, expect: '100-continue', 'content-length': Buffer.byteLength(body) },
      });
      req.on('continue', () => {
        between().then(
          () => req.end(body),
          (err: unknown) => {
            req.destroy();
            reject(err instanceof Error ? err : new Error(String(err)));
          },
        );
      });
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
    });

  test('a PUT let in before its role was revoked is refused at apply (403) and the key is not written', async () => {
    // Control: with nothing in between, the same PUT is written.
    expect((await putHoldingBody('app/ok', 'v', () => Promise.resolve())).status).toBe(200);

    const out = await putHoldingBody('app/late', 'v', async () => {
      await ok(`${AUTH}/RevokeRole`, { user: 'alice', role: 'app' }, tokens.root);
    });
    expect(out.status).toBe(403);
    expect(out.text).toContain('permission denied: user \\"alice\\" has no write permission on key \\"app/late\\"');
    const got = (await ok(`${KV}/Get`, { key: 'app/late' }, tokens.root)) as { found: boolean };
    expect(got.found).toBe(false);
  });
});
