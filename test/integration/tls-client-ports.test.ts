/**
 * TLS on the client gRPC port and the HTTP port (--cert-file, --key-file,
 * --trusted-ca-file, --client-cert-auth), with certificates made by openssl
 * at test time: what a client of a secured node sees.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { connect as tlsConnect } from 'node:tls';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { KvClient } from '../../src/cli/kv-client';
import { channelCredentials } from '../../src/security/tls-credentials';
import type { WatchResponse__Output } from '../../src/generated/raftkv/kv/v1/WatchResponse';
import { TestPki, type CertFiles } from '../support/test-pki';
import { startSingleNode, type InProcessNode } from '../support/in-process-node';
import { waitFor } from '../support/wait';
import { REPO_ROOT } from '../support/process-cluster';

jest.setTimeout(60_000);

interface ClientCert {
  readonly ca?: string;
  readonly cert?: CertFiles;
}

function grpcClient(address: string, c: ClientCert | 'plaintext'): KvClient {
  if (c === 'plaintext') return new KvClient([address], { timeoutMs: 3_000 });
  return new KvClient([address], {
    timeoutMs: 3_000,
    credentials: channelCredentials({
      ca: c.ca !== undefined ? readFileSync(c.ca) : undefined,
      cert: c.cert !== undefined ? readFileSync(c.cert.cert) : undefined,
      key: c.cert !== undefined ? readFileSync(c.cert.key) : undefined,
    }),
  });
}

/** GET over HTTPS; resolves with the status, rejects when the connection is refused. */
function httpsGet(port: number, path: string, c: ClientCert): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        servername: 'localhost',
        port,
        path,
        agent: false,
        ...(c.ca !== undefined ? { ca: readFileSync(c.ca) } : {}),
        ...(c.cert !== undefined ? { cert: readFileSync(c.cert.cert), key: readFileSync(c.cert.key) } : {}),
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The subject CN a new TLS connection to the port is shown. */
function servedCn(port: number, ca: string, alpn: 'h2' | 'http/1.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: '127.0.0.1', servername: 'localhost', port, ca: readFileSync(ca), ALPNProtocols: [alpn] }, () => {
      const cn = socket.getPeerCertificate().subject.CN;
      socket.end();
      resolve(typeof cn === 'string' ? cn : String(cn));
    });
    socket.on('error', reject);
  });
}

async function expectRefused(client: KvClient): Promise<void> {
  try {
    await expect(client.put('k', Buffer.from('v'))).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
  } finally {
    client.close();
  }
}

describe('TLS on the client gRPC port and the HTTP port', () => {
  let pki: TestPki;
  let foreign: TestPki;
  let serverCert: CertFiles;

  beforeAll(() => {
    pki = TestPki.create('raftkv-ca');
    foreign = TestPki.create('foreign-ca');
    serverCert = pki.issue('server', { cn: 'server' });
  });
  afterAll(() => {
    pki.remove();
    foreign.remove();
  });

  describe('server TLS (--cert-file, --key-file)', () => {
    let node: InProcessNode;
    beforeAll(async () => {
      node = await startSingleNode(['--cert-file', serverCert.cert, '--key-file', serverCert.key]);
    });
    afterAll(() => node.close());

    it('serves a client that trusts the CA on both ports', async () => {
      const client = grpcClient(node.clientAddress, { ca: pki.ca.cert });
      try {
        await client.put('greeting', Buffer.from('hello'));
        expect((await client.get('greeting')).kv?.value.toString()).toBe('hello');
      } finally {
        client.close();
      }
      expect(await httpsGet(node.httpPort, '/healthz', { ca: pki.ca.cert })).toBe(200);
    });

    it('refuses a plaintext client on both ports', async () => {
      await expectRefused(grpcClient(node.clientAddress, 'plaintext'));
      const status = await new Promise<number | Error>((resolve) => {
        const req = httpRequest({ host: '127.0.0.1', port: node.httpPort, path: '/healthz', agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', (e) => resolve(e));
        req.end();
      });
      expect(status).not.toBe(200);
    });

    it('is refused by a client that trusts only another CA, on both ports', async () => {
      await expectRefused(grpcClient(node.clientAddress, { ca: foreign.ca.cert }));
      await expect(httpsGet(node.httpPort, '/healthz', { ca: foreign.ca.cert })).rejects.toThrow(/self-signed|unable to verify|certificate/i);
    });

    it('answers buf curl --cacert through server reflection', async () => {
      const buf = join(REPO_ROOT, 'node_modules', '.bin', 'buf');
      const out = await new Promise<string>((resolve, reject) => {
        execFile(
          buf,
          ['curl', '--protocol', 'grpc', '--cacert', pki.ca.cert, '-d', '{"key":"greeting"}', `https://${node.clientAddress}/raftkv.kv.v1.KVService/Get`],
          { timeout: 30_000 },
          (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
        );
      });
      expect(JSON.parse(out)).toMatchObject({ found: true, kv: { key: 'greeting', value: Buffer.from('hello').toString('base64') } });
    });
  });

  describe('client certificates (--trusted-ca-file, --client-cert-auth)', () => {
    let node: InProcessNode;
    let goodClient: CertFiles;
    beforeAll(async () => {
      goodClient = pki.issue('alice', { cn: 'alice' });
      node = await startSingleNode(['--cert-file', serverCert.cert, '--key-file', serverCert.key, '--trusted-ca-file', pki.ca.cert, '--client-cert-auth']);
    });
    afterAll(() => node.close());

    it('serves a client with a certificate from the trusted CA on both ports', async () => {
      const client = grpcClient(node.clientAddress, { ca: pki.ca.cert, cert: goodClient });
      try {
        await client.put('k', Buffer.from('v'));
      } finally {
        client.close();
      }
      expect(await httpsGet(node.httpPort, '/readyz', { ca: pki.ca.cert, cert: goodClient })).toBe(200);
    });

    it('refuses a client without a certificate on both ports', async () => {
      await expectRefused(grpcClient(node.clientAddress, { ca: pki.ca.cert }));
      await expect(httpsGet(node.httpPort, '/healthz', { ca: pki.ca.cert })).rejects.toThrow();
    });

    it('refuses a client certificate from another CA on both ports', async () => {
      const stranger = foreign.issue('mallory', { cn: 'mallory' });
      await expectRefused(grpcClient(node.clientAddress, { ca: pki.ca.cert, cert: stranger }));
      await expect(httpsGet(node.httpPort, '/healthz', { ca: pki.ca.cert, cert: stranger })).rejects.toThrow();
    });

    it('refuses an expired client certificate on both ports', async () => {
      const expired = pki.issue('expired-client', { cn: 'alice', expired: true });
      await expectRefused(grpcClient(node.clientAddress, { ca: pki.ca.cert, cert: expired }));
      await expect(httpsGet(node.httpPort, '/healthz', { ca: pki.ca.cert, cert: expired })).rejects.toThrow();
    });

    it('answers buf curl with --cacert, --cert and --key', async () => {
      const buf = join(REPO_ROOT, 'node_modules', '.bin', 'buf');
      const out = await new Promise<string>((resolve, reject) => {
        execFile(
          buf,
          ['curl', '--protocol', 'grpc', '--cacert', pki.ca.cert, '--cert', goodClient.cert, '--key', goodClient.key, `https://${node.clientAddress}/raftkv.cluster.v1.ClusterService/Status`],
          { timeout: 30_000 },
          (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
        );
      });
      expect(JSON.parse(out)).toMatchObject({ id: 'n1' });
    });
  });

  describe('rotation', () => {
    let node: InProcessNode;
    let rotating: CertFiles;
    beforeAll(async () => {
      rotating = pki.issue('rotating', { cn: 'before-rotation' });
      node = await startSingleNode(['--cert-file', rotating.cert, '--key-file', rotating.key]);
    });
    afterAll(() => node.close());

    it('serves rewritten certificate files to new connections without a restart, and keeps open connections working', async () => {
      expect(await servedCn(node.server.clientPort, pki.ca.cert, 'h2')).toBe('before-rotation');
      expect(await servedCn(node.httpPort, pki.ca.cert, 'http/1.1')).toBe('before-rotation');
      // A watch opened before the rotation lives on the connection made then.
      const watcher = grpcClient(node.clientAddress, { ca: pki.ca.cert });
      const seen: string[] = [];
      let streamError: Error | undefined;
      const stream = watcher.watchOn(0, { key: 'rot/', prefix: true });
      stream.on('data', (m: WatchResponse__Output) => seen.push(...m.events.map((e) => e.kv?.key ?? '')));
      stream.on('error', (e: Error) => (streamError = e));
      try {
        const writer = grpcClient(node.clientAddress, { ca: pki.ca.cert });
        try {
          await writer.put('rot/before', Buffer.from('1'));
          await waitFor('the watch to see the first put', () => seen.includes('rot/before'));

          TestPki.replace(rotating, pki.issue('rotated', { cn: 'after-rotation' }));
          await waitFor('new gRPC connections to see the new certificate', async () => (await servedCn(node.server.clientPort, pki.ca.cert, 'h2')) === 'after-rotation');
          await waitFor('new HTTPS connections to see the new certificate', async () => (await servedCn(node.httpPort, pki.ca.cert, 'http/1.1')) === 'after-rotation');

          await writer.put('rot/after', Buffer.from('2'));
          await waitFor('the watch opened before the rotation to see a put made after it', () => {
            if (streamError !== undefined) throw streamError;
            return seen.includes('rot/after');
          });
        } finally {
          writer.close();
        }
      } finally {
        stream.cancel();
        watcher.close();
      }
    });
  });
});
