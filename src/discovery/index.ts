export { initialDnsPeers, isDnsLabel, parsePodHostname, podFqdn, type DnsDiscoverySettings, type PodName } from './k8s-names';
export { clusterIdNumber, deriveClusterId } from './cluster-id';
export { DnsPeerResolver, systemLookup, type DnsPeerResolverOptions, type LookupFn } from './dns-peer-resolver';
