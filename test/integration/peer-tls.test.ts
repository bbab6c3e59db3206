/**
 * Mutual TLS between peers (--peer-cert-file, --peer-key-file,
 * --peer-trusted-ca-file, --peer-cert-allowed-cn): a cluster forms over it,
 * and a party without a certificate from the peer CA (or with the wrong name)
 * can neither join the conversation nor disturb the cluster.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect as tlsConnect } from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { KvClient } from '../../src/cli/kv-client';
import { channelCredentials } from '../../src/security/tls-credentials';
import { MessageType, message } from '../../src/raft/types';
import { SEND_PATH, sendMethod } from '../../src/transport/raft-service-definition';
import { TestPki, type CertFiles } from '../support/test-pki';
import { restartNode, startCluster, type InProcessNode } from '../support/in-process-node';
import { waitFor } from '../support/wait';

jest.setTimeout(60_000);

const peerFlags = (pki: TestPki, cert: CertFiles): string[] => [
  '--peer-cert-file', cert.cert,
  '--peer-key-file', cert.key,
  '--peer-trusted-ca-file', pki.ca.cert,
  '--peer-cert-allowed-cn', 'raftkv-peer',
  '--peer-cert-allowed-hostname', 'localhost',
];

/** A forged vote with a huge term, as a rogue peer would send it to make the cluster step down. */
function forgedVote(peerAddress: string, to: string, credentials: grpc.ChannelCredentials): Promise<grpc.ServiceError | null> {
  const client = new grpc.Client(peerAddress, credentials);
  const vote = message({ type: MessageType.Vote, from: 'n1', to, term: 1_000_000, logTerm: 1_000_000, index: 1_000_000 });
  return new Promise<grpc.ServiceError | null>((resolve) => {
    client.makeUnaryRequest(
      SEND_PATH,
      sendMethod.requestSerialize,
      sendMethod.responseDeserialize,
      { clusterId: 'raftkv', from: 'n1', to, messages: [vote] },
      new grpc.Metadata(),
      { deadline: Date.now() + 3_000 },
      (err) => resolve(err),
    );
  }).finally(() => client.close());
}

async function leaderOf(nodes: readonly InProcessNode[]): Promise<InProcessNode> {
  const id = await waitFor('one leader all nodes agree on', () => {
    const leaders = new Set(nodes.map((n) => n.server.node.leader));
    const [only] = [...leaders];
    return leaders.size === 1 && only !== '' ? only : undefined;
  }, 20_000);
  const leader = nodes.find((n) => n.id === id);
  if (leader === undefined) throw new Error(`no node ${id}`);
  return leader;
}

describe('mutual TLS between peers', () => {
  let pki: TestPki;
  let foreign: TestPki;
  let nodes: InProcessNode[];

  beforeAll(async () => {
    pki = TestPki.create('peer-ca');
    foreign = TestPki.create('foreign-ca');
    nodes = await startCluster(3, (id) => peerFlags(pki, pki.issue(id, { cn: 'raftkv-peer' })));
  });
  afterAll(async () => {
    await Promise.all((nodes ?? []).map((n) => n.close()));
    pki.remove();
    foreign.remove();
  });

  it('forms a cluster and replicates writes over mutual TLS', async () => {
    await leaderOf(nodes);
    const client = new KvClient(nodes.map((n) => n.clientAddress), { timeoutMs: 5_000 });
    try {
      await client.put('over-tls', Buffer.from('yes'));
      for (const n of nodes) {
        await waitFor(`${n.id} to apply the write`, async () => {
          const c = new KvClient([n.clientAddress]);
          try {
            return (await c.get('over-tls', 'CONSISTENCY_SERIALIZABLE')).found;
          } finally {
            c.close();
          }
        });
      }
    } finally {
      client.close();
    }
    expect(nodes[0]?.logs()).toContain('"tls":"mutual"');
  });

  it('refuses a peer with a certificate from another CA, a peer without one, and a plaintext peer, at the handshake: the cluster is not disturbed', async () => {
    const leader = await leaderOf(nodes);
    const term = leader.server.node.status().term;
    const target = nodes.find((n) => n.id !== leader.id) as InProcessNode;
    const stranger = foreign.issue('stranger', { cn: 'raftkv-peer' });
    const attempts = [
      channelCredentials({ ca: readFileSync(pki.ca.cert), cert: readFileSync(stranger.cert), key: readFileSync(stranger.key) }),
      channelCredentials({ ca: readFileSync(pki.ca.cert) }),
      grpc.credentials.createInsecure(),
    ];
    for (const credentials of attempts) {
      const err = await forgedVote(target.peerAddress, target.id, credentials);
      expect(err?.code).toBe(grpc.status.UNAVAILABLE);
    }
    expect(target.server.node.status().term).toBe(term);
    expect((await leaderOf(nodes)).id).toBe(leader.id);
  });

  it('refuses a peer whose certificate chains to the peer CA but has another CN (--peer-cert-allowed-cn), before the message reaches Raft', async () => {
    const leader = await leaderOf(nodes);
    const term = leader.server.node.status().term;
    const target = nodes.find((n) => n.id !== leader.id) as InProcessNode;
    const wrongName = pki.issue('wrong-name', { cn: 'not-a-peer' });
    const err = await forgedVote(
      target.peerAddress,
      target.id,
      channelCredentials({ ca: readFileSync(pki.ca.cert), cert: readFileSync(wrongName.cert), key: readFileSync(wrongName.key) }),
    );
    expect(err?.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(err?.details).toContain('--peer-cert-allowed-cn');
    expect(target.server.node.status().term).toBe(term);
    expect(target.logs()).toContain('refused a peer request: its certificate is not allowed');
  });
});

describe('mutual TLS between peers: names and rotation', () => {
  let pki: TestPki;
  let nodes: InProcessNode[];
  const certs = new Map<string, CertFiles>();

  beforeAll(async () => {
    pki = TestPki.create('peer-ca');
    nodes = await startCluster(3, (id) => {
      const cert = pki.issue(id, { cn: 'raftkv-peer' });
      certs.set(id, cert);
      return peerFlags(pki, cert);
    });
    await leaderOf(nodes);
  });
  afterAll(async () => {
    await Promise.all((nodes ?? []).map((n) => n.close()));
    pki.remove();
  });

  it('refuses a peer certificate from the peer CA that is not valid for --peer-cert-allowed-hostname', async () => {
    const leader = await leaderOf(nodes);
    const target = nodes.find((n) => n.id !== leader.id) as InProcessNode;
    const elsewhere = pki.issue('elsewhere', { cn: 'raftkv-peer', sans: ['DNS:evil.example'] });
    const err = await forgedVote(
      target.peerAddress,
      target.id,
      channelCredentials({ ca: readFileSync(pki.ca.cert), cert: readFileSync(elsewhere.cert), key: readFileSync(elsewhere.key) }),
    );
    expect(err?.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(err?.details).toContain('--peer-cert-allowed-hostname "localhost"');
  });

  it('serves a rewritten peer certificate on new connections and keeps replicating, without a restart', async () => {
    const n1 = nodes[0] as InProcessNode;
    const files = certs.get('n1') as CertFiles;
    const next = pki.issue('n1-next', { cn: 'raftkv-peer' });
    const nextFingerprint = new X509Certificate(readFileSync(next.cert)).fingerprint256;
    const caller = certs.get('n2') as CertFiles;
    const servedFingerprint = (): Promise<string> =>
      new Promise((resolve, reject) => {
        const [host, port] = n1.peerAddress.split(':') as [string, string];
        const socket = tlsConnect(
          { host, port: Number(port), servername: 'localhost', ca: readFileSync(pki.ca.cert), cert: readFileSync(caller.cert), key: readFileSync(caller.key), ALPNProtocols: ['h2'] },
          () => {
            const fingerprint = socket.getPeerCertificate().fingerprint256;
            socket.end();
            resolve(fingerprint);
          },
        );
        socket.on('error', reject);
      });
    expect(await servedFingerprint()).not.toBe(nextFingerprint);

    TestPki.replace(files, next);
    await waitFor('n1 to serve the new peer certificate', async () => (await servedFingerprint()) === nextFingerprint);
    await waitFor('n1 to log the rotation', () => n1.logs().includes('TLS certificate files changed: new connections use the new certificate'));

    // n1's own channels to its peers were rebuilt with the new certificate: the cluster still replicates through them.
    const client = new KvClient([n1.clientAddress], { timeoutMs: 5_000 });
    try {
      await client.put('after-peer-rotation', Buffer.from('ok'));
    } finally {
      client.close();
    }
    for (const n of nodes) {
      await waitFor(`${n.id} to apply the write made after the rotation`, async () => {
        const c = new KvClient([n.clientAddress]);
        try {
          return (await c.get('after-peer-rotation', 'CONSISTENCY_SERIALIZABLE')).found;
        } finally {
          c.close();
        }
      });
    }
  });
});

describe('a mixed cluster (one node plaintext)', () => {
  let pki: TestPki;
  let nodes: InProcessNode[];

  beforeAll(async () => {
    pki = TestPki.create('peer-ca');
    nodes = await startCluster(3, (id) => peerFlags(pki, pki.issue(id, { cn: 'raftkv-peer' })));
    await leaderOf(nodes);
    // An operator restarts n3 without its peer TLS flags.
    const n3 = nodes[2] as InProcessNode;
    nodes[2] = await restartNode(n3, nodes, []);
  });
  afterAll(async () => {
    await Promise.all((nodes ?? []).map((n) => n.close()));
    pki.remove();
  });

  it('keeps the plaintext node out, and both sides say why in the log', async () => {
    const tlsNodes = nodes.filter((n) => n.id !== 'n3');
    const n3 = nodes.find((n) => n.id === 'n3') as InProcessNode;
    await waitFor('the TLS nodes to log why n3 is unreachable', () =>
      tlsNodes.some((n) => n.logs().includes('cannot talk to peer n3: this node speaks mutual TLS to peers; if the peer\'s port runs plaintext')),
    );
    await waitFor('n3 to log why the TLS nodes are unreachable', () => n3.logs().includes('this node speaks plaintext to peers; if the peer\'s port runs TLS (--peer-cert-file)'));
    const client = new KvClient(tlsNodes.map((n) => n.clientAddress), { timeoutMs: 5_000 });
    try {
      await client.put('mixed', Buffer.from('still-served'));
    } finally {
      client.close();
    }
    expect(tlsNodes.map((n) => n.server.node.leader)).toEqual([tlsNodes[0]?.server.node.leader, tlsNodes[0]?.server.node.leader]);
  });
});
