/**
 * etcd's MemberAdd names only peer URLs and lets the server choose the
 * member's id; a raftkv member is started with its own id (--id). So the id
 * is derived from the one peer URL, where an operator can work it out before
 * asking: "http://10.0.0.7:50052" is member "10.0.0.7-50052" (host, "-",
 * port; characters an id may not hold become "-"). The joining node is then
 * started with `--id 10.0.0.7-50052 --peer-address 10.0.0.7:50052 --join ...`.
 */
import { InvalidArgumentError } from '../errors';
import { validateAddress } from '../server/member-validation';
import { EtcdError } from './etcd-status';

const MAX_ID_LENGTH = 63;

/** The host:port of the one http(s) peer URL given; etcd's "given member URLs are invalid" otherwise. */
export function peerAddressOfUrls(urls: readonly string[]): string {
  if (urls.length !== 1) {
    throw new InvalidArgumentError('peerURLs', `a raftkv member has exactly one peer address; give one URL (got ${urls.length})`);
  }
  let url: URL;
  try {
    url = new URL(urls[0]!);
  } catch (err) {
    throw new EtcdError('memberBadUrls', { cause: err });
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.port === '' || (url.pathname !== '/' && url.pathname !== '')) throw new EtcdError('memberBadUrls');
  try {
    return validateAddress('peerURLs', `${url.hostname}:${url.port}`);
  } catch (err) {
    throw new EtcdError('memberBadUrls', { cause: err });
  }
}

/** The raftkv id of a member added by peer address: "host-port", made a valid id. */
export function memberIdForPeer(peerAddress: string): string {
  const colon = peerAddress.lastIndexOf(':');
  const port = peerAddress.slice(colon + 1);
  let host = peerAddress.slice(0, colon).replace(/[^A-Za-z0-9._-]/g, '-');
  // An id starts with a letter or digit (an IPv6 host starts with "[").
  if (!/^[A-Za-z0-9]/.test(host)) host = `m${host}`;
  return `${host.slice(0, MAX_ID_LENGTH - port.length - 1)}-${port}`;
}
