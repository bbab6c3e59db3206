/**
 * A node's TLS, assembled from its configuration: the certificate watchers
 * (client ports, peer port) and the credentials each part of the node needs.
 * Everything is plaintext when the flags are absent.
 */
import * as grpc from '@grpc/grpc-js';
import type { NodeConfig } from '../config';
import { CertFileWatcher, type CertWatcherLogger } from './cert-file-watcher';
import type { PeerCertificatePolicy } from './peer-identity';
import { CERT_RELOAD_INTERVAL_MS } from './tls-config';
import { channelCredentials, watchedServerCredentials } from './tls-credentials';

export class NodeTls {
  /** Watches --cert-file/--key-file/--trusted-ca-file; one certificate for the gRPC and HTTP client ports. */
  readonly clientCerts: CertFileWatcher | undefined;
  /** Watches the --peer-cert-file family; presented both as the peer port's server and as the client of other peers. */
  readonly peerCerts: CertFileWatcher | undefined;
  readonly #config: NodeConfig;

  /** Reads and checks every certificate file now: a bad one fails start-up with a ConfigError naming the flag. */
  constructor(config: NodeConfig, logger: CertWatcherLogger) {
    this.#config = config;
    const c = config.clientTls;
    this.clientCerts =
      c === undefined
        ? undefined
        : new CertFileWatcher({ files: c, flags: { cert: '--cert-file', key: '--key-file', ca: '--trusted-ca-file' }, intervalMs: CERT_RELOAD_INTERVAL_MS, logger });
    const p = config.peerTls;
    try {
      this.peerCerts =
        p === undefined
          ? undefined
          : new CertFileWatcher({ files: p, flags: { cert: '--peer-cert-file', key: '--peer-key-file', ca: '--peer-trusted-ca-file' }, intervalMs: CERT_RELOAD_INTERVAL_MS, logger });
    } catch (err) {
      this.clientCerts?.close();
      throw err;
    }
  }

  /** The client gRPC port's credentials. */
  clientServerCredentials(): grpc.ServerCredentials {
    const c = this.#config.clientTls;
    return this.clientCerts === undefined || c === undefined ? grpc.ServerCredentials.createInsecure() : watchedServerCredentials(this.clientCerts, c.clientCertAuth);
  }

  /** The HTTP port's TLS, or undefined for plain HTTP. */
  httpTls(): { watcher: CertFileWatcher; requireClientCert: boolean } | undefined {
    const c = this.#config.clientTls;
    return this.clientCerts === undefined || c === undefined ? undefined : { watcher: this.clientCerts, requireClientCert: c.clientCertAuth };
  }

  /** What a --join node presents to a member's client port (the member may require client certificates). */
  joinCredentials(): grpc.ChannelCredentials | undefined {
    const m = this.clientCerts?.current;
    return m === undefined ? undefined : channelCredentials({ ca: m.ca, cert: m.cert, key: m.key });
  }

  /** The peer port's server credentials (a client certificate from the peer CA required) and name policy. */
  peerServerTls(): { credentials: grpc.ServerCredentials; policy: PeerCertificatePolicy } | undefined {
    const p = this.#config.peerTls;
    if (this.peerCerts === undefined || p === undefined) return undefined;
    return { credentials: watchedServerCredentials(this.peerCerts, true), policy: { allowedCn: p.allowedCn, allowedHostname: p.allowedHostname } };
  }

  /** Credentials for calls to peers, from the current peer certificate. */
  peerChannelCredentials(): grpc.ChannelCredentials | undefined {
    const m = this.peerCerts?.current;
    return m === undefined ? undefined : channelCredentials({ ca: m.ca, cert: m.cert, key: m.key });
  }

  /** For the start-up log line. */
  describe(): { clientTls: string; peerTls: string } {
    const c = this.#config.clientTls;
    return {
      clientTls: c === undefined ? 'off' : c.clientCertAuth ? 'on, client certificates required' : 'on',
      peerTls: this.#config.peerTls === undefined ? 'off' : 'mutual',
    };
  }

  /** Stops watching the files. Idempotent. */
  close(): void {
    this.clientCerts?.close();
    this.peerCerts?.close();
  }
}
