import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { ProcessCluster, REPO_ROOT } from '../support/process-cluster';
import { runKvctl, EXIT } from '../../src/cli/kvctl-program';
import { MAX_KEY_BYTES, MAX_VALUE_BYTES } from '../../src/kv/limits';
import { clientProtos } from '../../src/server/client-protos';
import type { KVServiceClient } from '../../src/generated/raftkv/kv/v1/KVService';

jest.setTimeout(90_000);
const run = promisify(execFile);
const BUF = join(REPO_ROOT, 'node_modules', '.bin', 'buf');

function grpcError(p: Promise<unknown>): Promise<grpc.ServiceError> {
  return p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (err: grpc.ServiceError) => err,
  );
}

describe('the client API of a real cluster', () => {
  let cluster: ProcessCluster;
  beforeAll(async () => {
    cluster = await ProcessCluster.start();
    await cluster.waitForLeader();
  });
  afterAll(() => cluster.stop());

  describe('input limits', () => {
    it('rejects an empty key with INVALID_ARGUMENT naming the field', async () => {
      const err = await grpcError(cluster.client(['n1']).put('', Buffer.from('x')));
      expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(err.details).toMatch(/^key: .*empty/);
    });

    it('rejects a key over the limit, naming the field and the limit in bytes', async () => {
      const err = await grpcError(cluster.client(['n2']).put('k'.repeat(MAX_KEY_BYTES + 1), Buffer.from('x')));
      expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(err.details).toContain('key');
      expect(err.details).toContain(String(MAX_KEY_BYTES));
      const get = await grpcError(cluster.client(['n2']).get('é'.repeat(MAX_KEY_BYTES / 2 + 1)));
      expect(get.code).toBe(grpc.status.INVALID_ARGUMENT);
    });

    it('rejects a value over the limit, naming the field and the limit', async () => {
      const err = await grpcError(cluster.client(['n3']).put('big', Buffer.alloc(MAX_VALUE_BYTES + 1)));
      expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(err.details).toContain('value');
      expect(err.details).toContain(String(MAX_VALUE_BYTES));
    });

    it('accepts a value of exactly the limit', async () => {
      await cluster.client(['n1']).put('largest', Buffer.alloc(MAX_VALUE_BYTES, 7));
      const res = await cluster.client(['n3']).get('largest');
      expect(res.value.length).toBe(MAX_VALUE_BYTES);
    });

    it('rejects an unknown consistency value with INVALID_ARGUMENT', async () => {
      const protos = clientProtos();
      const raw: KVServiceClient = new protos.kv.raftkv.kv.v1.KVService(`127.0.0.1:${cluster.node('n1').clientPort}`, grpc.credentials.createInsecure());
      try {
        const err = await grpcError(
          new Promise((resolve, reject) =>
            raw.Get({ key: 'x', consistency: 7 as unknown as 'CONSISTENCY_UNSPECIFIED' }, (e, v) => (e ? reject(e) : resolve(v))),
          ),
        );
        expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
        expect(err.details).toContain('consistency');
      } finally {
        raw.close();
      }
    });

    it('stays healthy after bad input', async () => {
      await cluster.client(['n1']).put('still-alive', Buffer.from('yes'));
      expect((await cluster.client(['n2']).get('still-alive')).found).toBe(true);
    });
  });

  describe('buf curl through server reflection, as a grpcurl user would', () => {
    const curl = async (port: number, method: string, body: object): Promise<Record<string, unknown>> => {
      const { stdout } = await run(BUF, ['curl', '--protocol', 'grpc', '--http2-prior-knowledge', '-d', JSON.stringify(body), `http://127.0.0.1:${port}/${method}`], {
        timeout: 30_000,
      });
      return JSON.parse(stdout) as Record<string, unknown>;
    };

    it('puts on one node and gets on another without any .proto file', async () => {
      await curl(cluster.node('n1').clientPort, 'raftkv.kv.v1.KVService/Put', { key: 'greeting', value: Buffer.from('hello').toString('base64') });
      const got = await curl(cluster.node('n3').clientPort, 'raftkv.kv.v1.KVService/Get', { key: 'greeting' });
      expect(got.found).toBe(true);
      expect(Buffer.from(String(got.value), 'base64').toString()).toBe('hello');
    });

    it('lists the services through reflection and describes every one it lists', async () => {
      const base = ['curl', '--protocol', 'grpc', '--http2-prior-knowledge'];
      const url = `http://127.0.0.1:${cluster.node('n2').clientPort}`;
      const services = (await run(BUF, [...base, '--list-services', url], { timeout: 30_000 })).stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '');
      expect(services).toEqual(expect.arrayContaining(['raftkv.kv.v1.KVService', 'raftkv.kv.v1.LeaseService', 'raftkv.cluster.v1.ClusterService', 'grpc.health.v1.Health']));
      // Listing the methods needs each service's descriptor, as grpcurl describe does: it failed for grpc.health.v1.Health.
      const methods = (await run(BUF, [...base, '--list-methods', url], { timeout: 30_000 })).stdout.split('\n').map((l) => l.trim());
      for (const service of services) expect(methods.some((m) => m.startsWith(`${service}/`))).toBe(true);
      expect(methods).toEqual(expect.arrayContaining(['grpc.health.v1.Health/Check', 'grpc.health.v1.Health/Watch', 'grpc.health.v1.Health/List']));
    });

    it('answers the health check through reflection, for the server and each client service', async () => {
      for (const service of ['', 'raftkv.kv.v1.KVService', 'raftkv.kv.v1.LeaseService', 'raftkv.cluster.v1.ClusterService']) {
        const res = await curl(cluster.node('n2').clientPort, 'grpc.health.v1.Health/Check', { service });
        expect({ service, status: res.status }).toEqual({ service, status: 'SERVING' });
      }
    });
  });

  describe('kvctl', () => {
    const kvctl = async (...args: string[]): Promise<{ code: number; out: string; err: string }> => {
      let out = '';
      let err = '';
      const code = await runKvctl(['--endpoints', cluster.endpoints().join(','), ...args], (s) => (out += s), (s) => (err += s));
      return { code, out, err };
    };

    it('puts, gets and deletes with exit codes a script can rely on', async () => {
      expect(await kvctl('put', 'color', 'blue')).toEqual({ code: EXIT.ok, out: 'OK\n', err: '' });
      expect(await kvctl('get', 'color')).toEqual({ code: EXIT.ok, out: 'blue\n', err: '' });
      expect(await kvctl('get', 'color', '--serializable')).toMatchObject({ code: EXIT.ok });
      expect(await kvctl('del', 'color')).toEqual({ code: EXIT.ok, out: '1\n', err: '' });
      expect(await kvctl('get', 'color')).toEqual({ code: EXIT.notFound, out: '', err: 'kvctl: key not found: color\n' });
    });

    it('prints the status of every member with the leader', async () => {
      const { code, out } = await kvctl('status');
      expect(code).toBe(EXIT.ok);
      expect(out).toMatch(/^ID +ADDRESS +ROLE +TERM +COMMIT +APPLIED +LEADER\n/);
      expect(out).toMatch(/ leader +\d+ +\d+ +\d+ +n[123]$/m);
    });

    it('exits 2 on a usage error and 3 with the gRPC status on a failed request', async () => {
      expect((await kvctl('get')).code).toBe(EXIT.usage);
      const failed = await kvctl('put', '', 'x');
      expect(failed.code).toBe(EXIT.failed);
      expect(failed.err).toContain('INVALID_ARGUMENT');
    });

    it('fails over to the next endpoint when the first is down', async () => {
      let out = '';
      const code = await runKvctl(['--endpoints', `127.0.0.1:1,${cluster.endpoints(['n2'])[0]}`, 'put', 'failover', 'ok'], (s) => (out += s), () => undefined);
      expect(code).toBe(EXIT.ok);
      expect(out).toBe('OK\n');
    });
  });
});
