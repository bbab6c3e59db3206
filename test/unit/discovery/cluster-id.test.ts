import { clusterIdNumber, deriveClusterId } from '../../../src/discovery/cluster-id';

const peers = (...entries: [string, string][]): ReadonlyMap<string, string> => new Map(entries);

describe('the derived cluster id (etcd: a hash of the initial members and --initial-cluster-token)', () => {
  const three = peers(['n1', '10.0.0.1:50052'], ['n2', '10.0.0.2:50052'], ['n3', '10.0.0.3:50052']);

  test('every initial member derives the same id, whatever order it lists the peers in', () => {
    const reordered = peers(['n3', '10.0.0.3:50052'], ['n1', '10.0.0.1:50052'], ['n2', '10.0.0.2:50052']);
    expect(deriveClusterId(reordered, 'tok')).toBe(deriveClusterId(three, 'tok'));
  });

  test('it looks random (16 hex digits) and changes with the token, a member id or a peer address', () => {
    const id = deriveClusterId(three, 'tok');
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    const others = [
      deriveClusterId(three, 'tok2'),
      deriveClusterId(peers(['n1', '10.0.0.1:50052'], ['n2', '10.0.0.2:50052'], ['n4', '10.0.0.3:50052']), 'tok'),
      deriveClusterId(peers(['n1', '10.0.0.1:50052'], ['n2', '10.0.0.2:50052'], ['n3', '10.0.0.3:50053']), 'tok'),
    ];
    expect(new Set([id, ...others]).size).toBe(4);
  });

  test("etcd's uint64: a derived id is shown as the number it is; other ids are not numbers", () => {
    expect(clusterIdNumber('00000000000000ff')).toBe('255');
    expect(clusterIdNumber('ffffffffffffffff')).toBe('18446744073709551615');
    expect(clusterIdNumber('raftkv')).toBeUndefined();
    expect(clusterIdNumber('FFFFFFFFFFFFFFFF')).toBeUndefined();
  });
});
