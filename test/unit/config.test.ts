import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig, envName, usage, FLAGS } from '../../src/config';
import { ConfigError } from '../../src/errors';

const base = ['--id', 'n1', '--peers', 'n1=127.0.0.1:50052,n2=127.0.0.1:50062'];

function problems(argv: string[], env: NodeJS.ProcessEnv = {}): readonly string[] {
  try {
    parseConfig(argv, env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('applies the documented defaults', () => {
    const c = parseConfig(base, {});
    expect(c).toMatchObject({ id: 'n1', clusterId: undefined, initialClusterToken: 'raftkv-cluster', clientAddr: '0.0.0.0:50051', peerAddr: '0.0.0.0:50052', httpAddr: '0.0.0.0:8080', dataDir: './data/n1', tickMs: 100 });
    expect(c.advertisePeerAddr).toBe('127.0.0.1:50052');
    expect([...c.peers.keys()]).toEqual(['n1', 'n2']);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reads every flag from RAFTKV_* when the flag is absent, and lets the flag win', () => {
    const c = parseConfig(['--tick-ms', '20'], { RAFTKV_ID: 'n2', RAFTKV_PEERS: 'n2=h:1', RAFTKV_TICK_MS: '30', RAFTKV_LOG_LEVEL: 'debug' });
    expect(c.id).toBe('n2');
    expect(c.tickMs).toBe(20);
    expect(c.logLevel).toBe('debug');
    expect(envName('request-timeout-ms')).toBe('RAFTKV_REQUEST_TIMEOUT_MS');
  });

  it('keeps 10000 revisions of watch history unless told otherwise, from the flag or RAFTKV_WATCH_HISTORY_REVISIONS', () => {
    expect(parseConfig(base, {}).watchHistoryRevisions).toBe(10_000);
    expect(parseConfig(base, { RAFTKV_WATCH_HISTORY_REVISIONS: '500' }).watchHistoryRevisions).toBe(500);
    expect(parseConfig([...base, '--watch-history-revisions', '7'], { RAFTKV_WATCH_HISTORY_REVISIONS: '500' }).watchHistoryRevisions).toBe(7);
    expect(problems([...base, '--watch-history-revisions', '0'], {}).join('\n')).toMatch(/--watch-history-revisions \(RAFTKV_WATCH_HISTORY_REVISIONS\)/);
  });

  it('bounds queues in bytes by default, as etcd does, and checks the inflight window holds a whole append and fits the peer send queue', () => {
    expect(parseConfig(base, {})).toMatchObject({
      maxAppendBytes: 1024 * 1024,
      maxInflightBytes: 32 * 1024 * 1024,
      maxUncommittedBytes: 64 * 1024 * 1024,
      maxCommittedBytesPerReady: 16 * 1024 * 1024,
    });
    const c = parseConfig([...base, '--max-append-bytes', '4096'], { RAFTKV_MAX_UNCOMMITTED_BYTES: '100000', RAFTKV_MAX_COMMITTED_BYTES_PER_READY: '2048', RAFTKV_MAX_INFLIGHT_BYTES: '8192' });
    expect(c).toMatchObject({ maxAppendBytes: 4096, maxInflightBytes: 8192, maxUncommittedBytes: 100000, maxCommittedBytesPerReady: 2048 });
    expect(problems([...base, '--max-append-bytes', '8192', '--max-inflight-bytes', '4096'])).toEqual([
      '--max-inflight-bytes (RAFTKV_MAX_INFLIGHT_BYTES) (4096) must be at least --max-append-bytes (RAFTKV_MAX_APPEND_BYTES) (8192)',
    ]);
    expect(problems([...base, '--max-inflight-bytes', String(65 * 1024 * 1024)])).toEqual([
      `--max-inflight-bytes (RAFTKV_MAX_INFLIGHT_BYTES) must be an integer from 1 to ${64 * 1024 * 1024}, got "${65 * 1024 * 1024}"`,
    ]);
    expect(problems([...base, '--max-uncommitted-bytes', '0'])[0]).toMatch(/^--max-uncommitted-bytes \(RAFTKV_MAX_UNCOMMITTED_BYTES\) must be an integer/);
  });

  it('lists every problem at once, naming the flag and its variable', () => {
    const p = problems(['--id=-x', '--peers', 'a=b', '--client-addr', 'nope', '--election-ticks', '3', '--heartbeat-ticks', '3', '--log-level', 'loud'], {});
    expect(p.join('\n')).toMatch(/--id \(RAFTKV_ID\)/);
    expect(p.join('\n')).toMatch(/--peers \(RAFTKV_PEERS\) entries must look like id=host:port/);
    expect(p.join('\n')).toMatch(/--client-addr \(RAFTKV_CLIENT_ADDR\) must be host:port/);
    expect(p.join('\n')).toMatch(/--heartbeat-ticks .* must be less than --election-ticks/);
    expect(p.join('\n')).toMatch(/--log-level .* must be one of/);
  });

  it('requires an id and peers that include it', () => {
    expect(problems([], {})).toEqual(expect.arrayContaining([expect.stringContaining('--id (RAFTKV_ID) is required'), expect.stringContaining('--peers (RAFTKV_PEERS) is required')]));
    expect(problems(['--id', 'n3', '--peers', 'n1=h:1'], {}).join()).toContain('must include this node\'s id "n3"');
    expect(problems(['--id', 'n1', '--peers', 'n1=h:1,n1=h:2'], {}).join()).toContain('names "n1" twice');
  });

  it('rejects unknown flags', () => {
    expect(problems([...base, '--bogus', '1'], {}).join()).toContain('bogus');
  });

  it('documents every flag in the usage text', () => {
    for (const flag of Object.keys(FLAGS)) expect(usage()).toContain(`--${flag}`);
  });
});

describe('parseConfig with --discovery=dns', () => {
  const pod = (host: string, namespaceFile?: string) => ({
    hostname: () => host,
    readFile: (path: string) => (path === '/var/run/secrets/kubernetes.io/serviceaccount/namespace' ? namespaceFile : undefined),
  });
  const dnsFlags = ['--discovery', 'dns', '--initial-cluster-size', '3'];

  function dnsProblems(argv: string[], env: NodeJS.ProcessEnv, host: string): string {
    try {
      parseConfig(argv, env, pod(host));
    } catch (err) {
      if (err instanceof ConfigError) return err.problems.join('\n');
      throw err;
    }
    throw new Error('expected a ConfigError');
  }

  it('keeps static discovery the default', () => {
    expect(parseConfig(base, {}).discovery).toEqual({ mode: 'static' });
  });

  it('derives the id and the initial voters from the pod hostname, without --id or --peers', () => {
    const c = parseConfig([...dnsFlags, '--headless-service', 'kv-hl'], { POD_NAMESPACE: 'prod' }, pod('kv-1'));
    expect(c.id).toBe('kv-1');
    expect(Object.fromEntries(c.peers)).toEqual({
      'kv-0': 'kv-0.kv-hl.prod.svc.cluster.local:50052',
      'kv-1': 'kv-1.kv-hl.prod.svc.cluster.local:50052',
      'kv-2': 'kv-2.kv-hl.prod.svc.cluster.local:50052',
    });
    expect(c.advertisePeerAddr).toBe('kv-1.kv-hl.prod.svc.cluster.local:50052');
    expect(c.discovery).toMatchObject({ mode: 'dns', stsName: 'kv', ordinal: 1, namespace: 'prod', clusterDomain: 'cluster.local', waitMs: 120_000, refreshMs: 5_000 });
  });

  it('takes every discovery setting from RAFTKV_* too, and the namespace from the service account file last', () => {
    const env = { RAFTKV_DISCOVERY: 'dns', RAFTKV_INITIAL_CLUSTER_SIZE: '1', RAFTKV_HOSTNAME: 'db-0', RAFTKV_CLUSTER_DOMAIN: 'corp.example', RAFTKV_PEER_ADDR: '0.0.0.0:7000' };
    const c = parseConfig([], env, pod('ignored', 'team-a'));
    expect(Object.fromEntries(c.peers)).toEqual({ 'db-0': 'db-0.db-headless.team-a.svc.corp.example:7000' });
  });

  it('names the flag for every discovery problem', () => {
    const p = dnsProblems(['--discovery', 'dns', '--id', 'x', '--peers', 'x=h:1', '--sts-name', 'kv'], {}, 'other-1');
    expect(p).toContain('--id (RAFTKV_ID) cannot be set with --discovery=dns');
    expect(p).toContain('--peers (RAFTKV_PEERS) cannot be set with --discovery=dns');
    expect(p).toContain('--hostname (RAFTKV_HOSTNAME): hostname "other-1" is not a pod of StatefulSet "kv"');
    expect(p).toContain('--initial-cluster-size (RAFTKV_INITIAL_CLUSTER_SIZE) is required');
    expect(p).toContain('--namespace (RAFTKV_NAMESPACE) is required');
    expect(p).not.toContain('--id (RAFTKV_ID) is required');
    expect(dnsProblems([...dnsFlags, '--namespace', 'Prod_1', '--peer-addr', '0.0.0.0:0'], {}, 'kv-0')).toMatch(
      /--namespace \(RAFTKV_NAMESPACE\) must be a DNS label[\s\S]*--peer-addr \(RAFTKV_PEER_ADDR\) needs a fixed port/,
    );
    expect(dnsProblems(['--discovery', 'consul'], {}, 'kv-0')).toContain('--discovery (RAFTKV_DISCOVERY) must be one of static, dns');
  });

  it('makes a pod beyond the initial size (kubectl scale up) join through pod 0, advertising its own name', () => {
    const c = parseConfig([...dnsFlags, '--client-addr', '0.0.0.0:50051'], { POD_NAMESPACE: 'ns' }, pod('kv-3'));
    expect(c.id).toBe('kv-3');
    expect(c.join).toBe('kv-0.kv-headless.ns.svc.cluster.local:50051');
    expect(c.advertisePeerAddr).toBe('kv-3.kv-headless.ns.svc.cluster.local:50052');
    expect(c.advertiseClientAddr).toBe('kv-3.kv-headless.ns.svc.cluster.local:50051');
    expect([...c.peers.keys()]).toEqual(['kv-0', 'kv-1', 'kv-2']);
  });

  it('bootstraps an initial pod without --join', () => {
    expect(parseConfig(dnsFlags, { POD_NAMESPACE: 'ns' }, pod('kv-2')).join).toBeUndefined();
  });
});

describe('README configuration table', () => {
  it('documents every flag with its environment variable', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    for (const flag of Object.keys(FLAGS)) {
      expect(readme).toContain(`| \`--${flag}\` | \`${envName(flag as keyof typeof FLAGS)}\` |`);
    }
  });
});

describe('--join', () => {
  it('needs no --peers and keeps the member address', () => {
    const c = parseConfig(['--id', 'n4', '--join', '127.0.0.1:50051'], {});
    expect(c.join).toBe('127.0.0.1:50051');
    expect(c.peers.size).toBe(0);
    expect(parseConfig([], { RAFTKV_ID: 'n4', RAFTKV_JOIN: 'kv-0:50051' }).join).toBe('kv-0:50051');
  });

  it('must be host:port, and without it --peers stays required', () => {
    expect(() => parseConfig(['--id', 'n4', '--join', 'nowhere'], {})).toThrow(/--join \(RAFTKV_JOIN\) must be host:port/);
    expect(() => parseConfig(['--id', 'n4'], {})).toThrow(/--peers \(RAFTKV_PEERS\) is required/);
    expect(parseConfig(['--id', 'n1', '--peers', 'n1=h:1'], {}).join).toBeUndefined();
  });
});

describe('parseConfig: TLS flags', () => {
  // Any readable file will do: parseConfig checks only that the files can be read.
  const readable = __filename;
  const system = { hostname: () => 'h', readFile: (p: string) => (p === readable ? 'pem' : undefined) };
  const tlsProblems = (argv: string[], env: NodeJS.ProcessEnv = {}): string => {
    try {
      parseConfig([...base, ...argv], env, system);
    } catch (err) {
      if (err instanceof ConfigError) return err.problems.join('\n');
      throw err;
    }
    return '';
  };

  it('stays plaintext on every port by default', () => {
    const c = parseConfig(base, {});
    expect(c.clientTls).toBeUndefined();
    expect(c.peerTls).toBeUndefined();
  });

  it('reads the client TLS flags from flags or RAFTKV_* variables', () => {
    const c = parseConfig([...base, '--cert-file', readable, '--key-file', readable, '--trusted-ca-file', readable, '--client-cert-auth'], {}, system);
    expect(c.clientTls).toEqual({ certFile: readable, keyFile: readable, trustedCaFile: readable, clientCertAuth: true });
    const e = parseConfig(base, { RAFTKV_CERT_FILE: readable, RAFTKV_KEY_FILE: readable, RAFTKV_TRUSTED_CA_FILE: readable, RAFTKV_CLIENT_CERT_AUTH: 'true' }, system);
    expect(e.clientTls).toEqual(c.clientTls);
  });

  it('refuses a key without a certificate, a certificate without a key, and client certificate auth without a CA, naming the flags', () => {
    expect(tlsProblems(['--key-file', readable])).toContain('--key-file (RAFTKV_KEY_FILE) needs --cert-file (RAFTKV_CERT_FILE)');
    expect(tlsProblems(['--cert-file', readable])).toContain('--cert-file (RAFTKV_CERT_FILE) needs --key-file (RAFTKV_KEY_FILE)');
    expect(tlsProblems(['--cert-file', readable, '--key-file', readable, '--client-cert-auth'])).toContain(
      '--client-cert-auth (RAFTKV_CLIENT_CERT_AUTH) needs --trusted-ca-file (RAFTKV_TRUSTED_CA_FILE)',
    );
    expect(tlsProblems([], { RAFTKV_CLIENT_CERT_AUTH: 'yes' })).toContain('RAFTKV_CLIENT_CERT_AUTH must be true or false, got "yes"');
    expect(tlsProblems(['--trusted-ca-file', readable, '--client-cert-auth'])).toContain('--client-cert-auth (RAFTKV_CLIENT_CERT_AUTH) needs --cert-file (RAFTKV_CERT_FILE)');
  });

  it('refuses a certificate file it cannot read, naming the flag', () => {
    expect(tlsProblems(['--cert-file', '/nonexistent/server.crt', '--key-file', readable])).toContain('--cert-file (RAFTKV_CERT_FILE) cannot be read: "/nonexistent/server.crt"');
  });

  it('turns on mutual peer TLS only with a certificate, a key and the peer CA', () => {
    const c = parseConfig(
      [...base, '--peer-cert-file', readable, '--peer-key-file', readable, '--peer-trusted-ca-file', readable, '--peer-cert-allowed-cn', 'raftkv-peer', '--peer-client-cert-auth'],
      {},
      system,
    );
    expect(c.peerTls).toEqual({ certFile: readable, keyFile: readable, trustedCaFile: readable, allowedCn: 'raftkv-peer', allowedHostname: undefined });
    expect(tlsProblems(['--peer-cert-file', readable, '--peer-key-file', readable])).toContain('--peer-trusted-ca-file (RAFTKV_PEER_TRUSTED_CA_FILE) is required with peer TLS');
    expect(tlsProblems(['--peer-cert-allowed-hostname', 'n1.example'])).toContain('--peer-cert-file (RAFTKV_PEER_CERT_FILE) is required with peer TLS');
  });
});

describe('parseConfig: cluster id and root bootstrap flags', () => {
  const files: Record<string, string> = { '/s/pw': 'secret\n', '/s/empty': '\n' };
  const system = { hostname: () => 'h', readFile: (p: string) => files[p] };

  it('derives the cluster id unless --cluster-id is set; the token is etcd-named', () => {
    expect(parseConfig(base, {})).toMatchObject({ clusterId: undefined, initialClusterToken: 'raftkv-cluster' });
    expect(parseConfig([...base, '--cluster-id', 'fixed', '--initial-cluster-token', 't'], {})).toMatchObject({ clusterId: 'fixed', initialClusterToken: 't' });
    expect(parseConfig(base, { RAFTKV_INITIAL_CLUSTER_TOKEN: 'e' }).initialClusterToken).toBe('e');
  });

  it('takes a readable, non-empty password file; names the flag otherwise', () => {
    expect(parseConfig([...base, '--bootstrap-root-password-file', '/s/pw'], {}, system).bootstrapRootPasswordFile).toBe('/s/pw');
    expect(() => parseConfig([...base, '--bootstrap-root-password-file', '/s/empty'], {}, system)).toThrow(/--bootstrap-root-password-file \(RAFTKV_BOOTSTRAP_ROOT_PASSWORD_FILE\) holds an empty password/);
    expect(() => parseConfig([...base, '--bootstrap-root-password-file', '/s/none'], {}, system)).toThrow(/cannot be read/);
  });
});
