import { InvalidArgumentError } from '../../../src/errors';
import { memberIdForPeer, peerAddressOfUrls } from '../../../src/etcd/etcd-member-id';
import { EtcdError } from '../../../src/etcd/etcd-status';
import { validateMemberId } from '../../../src/server/member-validation';

describe("the member id MemberAdd derives from etcd's peer URL", () => {
  test.each([
    ['http://10.0.0.7:50052', '10.0.0.7:50052', '10.0.0.7-50052'],
    ['https://raftkv-3.raftkv-headless.default.svc.cluster.local:50052', 'raftkv-3.raftkv-headless.default.svc.cluster.local:50052', 'raftkv-3.raftkv-headless.default.svc.cluster.local-50052'],
    ['http://[::1]:2380', '[::1]:2380', 'm---1--2380'],
  ])('%s is peer address %s and member %s, a valid raftkv id', (url, address, id) => {
    expect(peerAddressOfUrls([url])).toBe(address);
    expect(memberIdForPeer(address)).toBe(id);
    expect(validateMemberId('id', memberIdForPeer(address))).toBe(id);
  });

  test('a host too long for an id is cut, keeping the port', () => {
    const id = memberIdForPeer(`${'a'.repeat(80)}.example:50052`);
    expect([id.length, id.endsWith('-50052'), validateMemberId('id', id)]).toEqual([63, true, id]);
  });

  test("one URL with a scheme, a host and a port, or etcd's invalid-URL error; several URLs are raftkv's refusal", () => {
    expect(() => peerAddressOfUrls(['foo'])).toThrow(new EtcdError('memberBadUrls'));
    expect(() => peerAddressOfUrls(['http://10.0.0.7'])).toThrow(new EtcdError('memberBadUrls'));
    expect(() => peerAddressOfUrls(['unix://10.0.0.7:1'])).toThrow(new EtcdError('memberBadUrls'));
    expect(() => peerAddressOfUrls(['http://10.0.0.7:1', 'http://10.0.0.8:1'])).toThrow(InvalidArgumentError);
  });
});
