/**
 * A 3-process cluster with every port secured (process-cluster `tls`), driven
 * by the built kvctl with --cacert, --cert and --key, as an operator would.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { ProcessCluster, REPO_ROOT } from '../support/process-cluster';
import { TestPki } from '../support/test-pki';
import { waitFor } from '../support/wait';

jest.setTimeout(90_000);

const KVCTL = join(REPO_ROOT, 'bin', 'kvctl');

function kvctl(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [KVCTL, '--timeout', '5000', ...args], { timeout: 30_000 }, (err, out, stderr) =>
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, out, err: stderr }),
    );
  });
}

describe('a TLS cluster of real processes', () => {
  let pki: TestPki;
  let cluster: ProcessCluster;
  let endpoints: string;

  beforeAll(async () => {
    pki = TestPki.create('cluster-ca');
    cluster = await ProcessCluster.start({ size: 3, tls: pki });
    await cluster.waitForLeader(30_000);
    endpoints = cluster.endpoints().join(',');
  });
  afterAll(async () => {
    await cluster?.stop();
    pki?.remove();
  });

  it('elects a leader over mutual peer TLS and serves kvctl with --cacert, --cert and --key on every node', async () => {
    // Nothing on stderr either: no TLS server-name warning for an IP endpoint.
    expect(await kvctl(['--endpoints', endpoints, ...cluster.kvctlTlsArgs(), 'put', 'secure', 'yes'])).toEqual({ code: 0, out: 'OK\n', err: '' });
    for (const endpoint of cluster.endpoints()) {
      expect(await kvctl(['--endpoints', endpoint, ...cluster.kvctlTlsArgs(), 'get', 'secure'])).toMatchObject({ code: 0, out: 'yes\n' });
    }
  });

  it('fails kvctl without a client certificate, and without TLS, with exit code 3', async () => {
    const noCert = await kvctl(['--endpoints', endpoints, '--cacert', pki.ca.cert, 'get', 'secure']);
    expect(noCert.code).toBe(3);
    expect(noCert.err).toMatch(/^kvctl: UNAVAILABLE: .*certificate required/);
    const plaintext = await kvctl(['--endpoints', endpoints, 'get', 'secure']);
    expect(plaintext.code).toBe(3);
  });

  it('lets kvctl --insecure-skip-tls-verify through without the CA, when it presents a client certificate', async () => {
    const args = cluster.kvctlTlsArgs().filter((a, i, all) => a !== '--cacert' && all[i - 1] !== '--cacert');
    expect(await kvctl(['--endpoints', endpoints, ...args, '--insecure-skip-tls-verify', 'get', 'secure'])).toMatchObject({ code: 0, out: 'yes\n' });
  });

  it('adds a node that --joins through a member with client-certificate auth, and promotes it once caught up over peer TLS', async () => {
    await cluster.addNode('n4', { join: cluster.endpoints(['n1'])[0] as string });
    const all = ['n1', 'n2', 'n3', 'n4'];
    await waitFor(
      'n4 to be a caught-up voter',
      async () => {
        const leader = await cluster.waitForLeader(5_000, all);
        const members = (await cluster.client([leader]).listMembers()).members;
        return members.length === 4 && members.every((m) => m.suffrage === 'SUFFRAGE_VOTER' && m.caught_up);
      },
      60_000,
      200,
    );
    expect(await kvctl(['--endpoints', cluster.endpoints(['n4']).join(','), ...cluster.kvctlTlsArgs(), 'get', 'secure'])).toMatchObject({ code: 0, out: 'yes\n' });
  });

  it('refuses --cert without --key as a usage error', async () => {
    const r = await kvctl(['--endpoints', endpoints, '--cacert', pki.ca.cert, '--cert', pki.ca.cert, 'get', 'secure']);
    expect(r).toMatchObject({ code: 2, err: 'kvctl: --cert and --key go together: give both or neither\n' });
  });
});
