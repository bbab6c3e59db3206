export { CertFileWatcher, type TlsMaterial, type CertWatcherLogger } from './cert-file-watcher';
export { channelCredentials, type ChannelTls, handshakeOptions, secureContextOptions, watchedServerCredentials } from './tls-credentials';
export { CERT_RELOAD_INTERVAL_MS, MIN_TLS_VERSION, type ClientTlsConfig, type PeerTlsConfig, type TlsFiles } from './tls-config';
export { NodeTls } from './node-tls';
export { refusePeerCertificate, type PeerCertificatePolicy } from './peer-identity';
export { boundedForLog, MAX_ECHOED_CHARS } from './untrusted-text';
