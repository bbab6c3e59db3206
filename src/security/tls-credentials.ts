/**
 * TLS credentials built from watched certificate files (cert-file-watcher.ts),
 * for the three places that speak TLS: the gRPC servers (client and peer
 * ports), the HTTPS server, and outgoing gRPC channels (peers, --join).
 *
 * Rotation without a restart: a new secure context is installed on the
 * listening server (grpc-js calls http2 `setSecureContext` for credentials
 * that report updates). Connections already open keep the session they
 * negotiated; new connections get the new certificate.
 */
import * as grpc from '@grpc/grpc-js';
import type { SecureServerOptions } from 'node:http2';
import type { SecureContextOptions } from 'node:tls';
import type { CertFileWatcher, TlsMaterial } from './cert-file-watcher';
import { MIN_TLS_VERSION } from './tls-config';

/** The secure-context part: what changes when the files change. */
export function secureContextOptions(m: TlsMaterial): SecureContextOptions {
  return { cert: m.cert, key: m.key, ...(m.ca !== undefined ? { ca: m.ca } : {}), minVersion: MIN_TLS_VERSION };
}

/**
 * The handshake policy, fixed for the server's life. With requireClientCert
 * the TLS layer itself refuses a client without a certificate from the CA,
 * before a single HTTP/2 frame (let alone a request) is read.
 */
export function handshakeOptions(requireClientCert: boolean): Pick<SecureServerOptions, 'requestCert' | 'rejectUnauthorized' | 'minVersion'> {
  return { requestCert: requireClientCert, rejectUnauthorized: requireClientCert, minVersion: MIN_TLS_VERSION };
}

/**
 * grpc-js ServerCredentials that follow a CertFileWatcher. grpc-js's own
 * createCertificateProviderServerCredentials is `experimental` API and
 * cannot set minVersion, so we feed the same update hook
 * (updateSecureContextOptions) from our watcher directly.
 */
class WatchedServerCredentials extends grpc.ServerCredentials {
  constructor(watcher: CertFileWatcher, requireClientCert: boolean) {
    super(handshakeOptions(requireClientCert), secureContextOptions(watcher.current));
    watcher.onChange((m) => this.updateSecureContextOptions(secureContextOptions(m)));
  }

  _equals(other: grpc.ServerCredentials): boolean {
    return other === this;
  }
}

export function watchedServerCredentials(watcher: CertFileWatcher, requireClientCert: boolean): grpc.ServerCredentials {
  return new WatchedServerCredentials(watcher, requireClientCert);
}

export interface ChannelTls {
  /** CA bundle the server's certificate must chain to; undefined: the system roots. */
  readonly ca?: Buffer | undefined;
  /** Our certificate and key, for servers that require client certificates. */
  readonly cert?: Buffer | undefined;
  readonly key?: Buffer | undefined;
  /** Accept any server certificate (kvctl --insecure-skip-tls-verify): encrypted, not authenticated. */
  readonly insecureSkipVerify?: boolean;
}

/**
 * Credentials for an outgoing channel: trust the CA (the system roots when
 * none is given), check the server's name against the address dialled, and
 * present our certificate when we have one.
 */
export function channelCredentials(t: ChannelTls): grpc.ChannelCredentials {
  const verify = t.insecureSkipVerify === true ? { rejectUnauthorized: false, checkServerIdentity: () => undefined } : {};
  return grpc.credentials.createSsl(t.ca ?? null, t.key ?? null, t.cert ?? null, verify);
}
