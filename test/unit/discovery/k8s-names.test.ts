import { initialDnsPeers, parsePodHostname, podFqdn } from '../../../src/discovery';

describe('StatefulSet pod names', () => {
  it('splits <sts>-<ordinal>, keeping dashes inside the StatefulSet name', () => {
    expect(parsePodHostname('raftkv-0')).toEqual({ stsName: 'raftkv', ordinal: 0 });
    expect(parsePodHostname('kv-raftkv-12')).toEqual({ stsName: 'kv-raftkv', ordinal: 12 });
    expect(parsePodHostname('kv-raftkv-2.kv-raftkv-headless.default.svc.cluster.local')).toEqual({ stsName: 'kv-raftkv', ordinal: 2 });
  });

  it('rejects a hostname that is not a pod of the named StatefulSet', () => {
    expect(parsePodHostname('laptop')).toMatch(/not a StatefulSet pod name/);
    expect(parsePodHostname('raftkv-01')).toMatch(/not a StatefulSet pod name/);
    expect(parsePodHostname('other-1', 'raftkv')).toMatch(/not a pod of StatefulSet "raftkv"/);
  });

  it('names pod i as kube-dns publishes it behind a headless Service', () => {
    const s = { stsName: 'kv', headlessService: 'kv-headless', namespace: 'prod', clusterDomain: 'cluster.local' };
    expect(podFqdn(s, 1)).toBe('kv-1.kv-headless.prod.svc.cluster.local');
  });

  it('makes pods 0 .. size-1 the initial voters, each at its peer port', () => {
    const peers = initialDnsPeers({
      hostname: 'kv-1', stsName: 'kv', ordinal: 1, headlessService: 'h', namespace: 'ns', clusterDomain: 'c.test',
      initialClusterSize: 3, peerPort: 50052, waitMs: 0, refreshMs: 1000, followStatefulSet: false, scaleCheckMs: 2000, leaveTimeoutMs: 0,
    });
    expect(Object.fromEntries(peers)).toEqual({
      'kv-0': 'kv-0.h.ns.svc.c.test:50052',
      'kv-1': 'kv-1.h.ns.svc.c.test:50052',
      'kv-2': 'kv-2.h.ns.svc.c.test:50052',
    });
  });
});
