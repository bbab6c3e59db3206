/**
 * What the TLS flags (src/config.ts) resolve to. Plaintext is `undefined`:
 * the defaults keep `npm start` working without certificates.
 */

/** A certificate and its key, and optionally the CA that vouches for the other side. */
export interface TlsFiles {
  /** PEM certificate chain this side presents. */
  readonly certFile: string;
  /** PEM private key of certFile. */
  readonly keyFile: string;
  /** PEM CA bundle the other side's certificate must chain to; undefined: the system roots (outgoing calls only). */
  readonly trustedCaFile: string | undefined;
}

/** TLS of the client gRPC port and the HTTP port (etcd's --cert-file family). */
export interface ClientTlsConfig extends TlsFiles {
  /** Every client must present a certificate from trustedCaFile. */
  readonly clientCertAuth: boolean;
}

/**
 * Mutual TLS between peers (etcd's --peer-cert-file family): both sides
 * present certificates that chain to the peer CA, so the CA is required.
 */
export interface PeerTlsConfig extends TlsFiles {
  readonly trustedCaFile: string;
  /** A peer's certificate must have this subject CN; undefined: any. */
  readonly allowedCn: string | undefined;
  /** A peer's certificate must be valid for this host name (SAN or CN); undefined: any. */
  readonly allowedHostname: string | undefined;
}

/** The lowest TLS version any port accepts. */
export const MIN_TLS_VERSION = 'TLSv1.2';

/** How often certificate files are read again to notice a rotation (cert-manager rewrites them in place). */
export const CERT_RELOAD_INTERVAL_MS = 1_000;
