/**
 * Who may speak on the peer port. The TLS handshake already refused any
 * certificate that does not chain to the peer CA (rejectUnauthorized), so
 * what is left here is etcd's narrowing: --peer-cert-allowed-cn and
 * --peer-cert-allowed-hostname, checked on the verified certificate before a
 * request is handed on.
 */
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import { boundedForLog } from './untrusted-text';

export interface PeerCertificatePolicy {
  readonly allowedCn: string | undefined;
  readonly allowedHostname: string | undefined;
}

/**
 * Why the verified peer certificate (undefined: none, or not verified) may
 * not speak to this node; undefined when it may.
 */
export function refusePeerCertificate(policy: PeerCertificatePolicy, cert: PeerCertificate | undefined): string | undefined {
  if (cert === undefined) return 'the peer presented no certificate verified against --peer-trusted-ca-file';
  if (policy.allowedCn !== undefined) {
    const cn = cert.subject.CN;
    const names = Array.isArray(cn) ? cn : [cn];
    if (!names.includes(policy.allowedCn)) {
      return `the peer certificate's CN "${boundedForLog(names.join(','))}" is not --peer-cert-allowed-cn "${policy.allowedCn}"`;
    }
  }
  if (policy.allowedHostname !== undefined && checkServerIdentity(policy.allowedHostname, cert) !== undefined) {
    return `the peer certificate is not valid for --peer-cert-allowed-hostname "${policy.allowedHostname}"`;
  }
  return undefined;
}
