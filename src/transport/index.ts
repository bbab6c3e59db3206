/** The peer transport's public surface; internals (codecs, the service definition) stay unexported. */
export type { LeaseTimeLeft, ProposeResult, Transport } from './transport';
export { GrpcTransport, type GrpcTransportOptions, type PeerClientTuning } from './grpc-transport';
export { InmemHub, InmemTransport, type InmemHandler } from './inmem-transport';
export { PeerClient, PEER_CLIENT_DEFAULTS, type PeerClientOptions, type PeerClientStats } from './peer-client';
export { PeerServer, type PeerServerOptions } from './peer-server';
