/**
 * Under --client-cert-auth, the client certificate's common name is the
 * user: no password, no token. A token, when sent, wins; a certificate whose
 * CN names no user is UNAUTHENTICATED once auth is enabled.
 */
import * as grpc from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { startSingleNode, type InProcessNode } from '../support/in-process-node';
import { GrpcCaller } from '../support/grpc-caller';
import { TestPki, type CertFiles } from '../support/test-pki';

jest.setTimeout(60_000);

const AUTH = '/raftkv.auth.v1.AuthService';

describe('the client certificate names the user (--client-cert-auth)', () => {
  let pki: TestPki;
  let node: InProcessNode;
  const callers: GrpcCaller[] = [];

  const as = (cert: CertFiles): GrpcCaller => {
    const caller = new GrpcCaller(node.clientAddress, grpc.credentials.createSsl(readFileSync(pki.ca.cert), readFileSync(cert.key), readFileSync(cert.cert)));
    callers.push(caller);
    return caller;
  };
  const code = async (caller: GrpcCaller, path: string, req: object, token?: string): Promise<string> => grpc.status[(await caller.call(path, req, token)).code] ?? '';

  beforeAll(async () => {
    pki = TestPki.create('raftkv-ca');
    const server = pki.issue('server', { cn: 'server' });
    node = await startSingleNode(['--cert-file', server.cert, '--key-file', server.key, '--trusted-ca-file', pki.ca.cert, '--client-cert-auth']);
  });
  afterAll(async () => {
    for (const c of callers) c.close();
    await node?.close();
    pki?.remove();
  });

  it('a user without a password logs in by certificate and gets its roles', async () => {
    const root = as(pki.issue('root', { cn: 'root' }));
    const svc = as(pki.issue('svc', { cn: 'svc' }));
    const stranger = as(pki.issue('stranger', { cn: 'stranger' }));
    for (const [path, req] of [
      [`${AUTH}/AddUser`, { name: 'root', no_password: true }],
      [`${AUTH}/GrantRole`, { user: 'root', role: 'root' }],
      [`${AUTH}/AddUser`, { name: 'svc', no_password: true }],
      [`${AUTH}/AddRole`, { name: 'app' }],
      [`${AUTH}/GrantPermission`, { role: 'app', permission: { type: 'PERMISSION_TYPE_READWRITE', key: 'app/', prefix: true } }],
      [`${AUTH}/GrantRole`, { user: 'svc', role: 'app' }],
      [`${AUTH}/Enable`, {}],
    ] as const) {
      expect(await code(root, path, req)).toBe('OK');
    }
    expect(await code(svc, '/raftkv.kv.v1.KVService/Put', { key: 'app/x', value: Buffer.from('v') })).toBe('OK');
    expect(await code(svc, '/raftkv.kv.v1.KVService/Put', { key: 'other/x', value: Buffer.from('v') })).toBe('PERMISSION_DENIED');
    expect(await code(root, '/raftkv.kv.v1.KVService/Put', { key: 'other/x', value: Buffer.from('v') })).toBe('OK');
    expect(await code(stranger, '/raftkv.kv.v1.KVService/Get', { key: 'app/x' })).toBe('UNAUTHENTICATED');
    // A user without a password cannot get a token by password.
    expect(await code(svc, `${AUTH}/Authenticate`, { name: 'svc', password: '' })).toBe('UNAUTHENTICATED');
    // A token wins over the certificate: a bad one is refused even with a good certificate.
    expect(await code(root, '/raftkv.kv.v1.KVService/Get', { key: 'app/x' }, 'not-a-token')).toBe('UNAUTHENTICATED');
  });
});
