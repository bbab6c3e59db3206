/**
 * Kubernetes StatefulSet naming, as kube-dns publishes it for a headless
 * Service: pod `i` of StatefulSet `sts` is `<sts>-<i>` and resolves as
 * `<sts>-<i>.<service>.<namespace>.svc.<clusterDomain>`. Pure functions: the
 * config module derives a node's id and initial peers from them.
 */

/** What a node needs to name itself and its initial peers from DNS. */
export interface DnsDiscoverySettings {
  /** The pod's hostname, `<sts>-<ordinal>`; it is also the node id. */
  readonly hostname: string;
  readonly stsName: string;
  readonly ordinal: number;
  readonly headlessService: string;
  readonly namespace: string;
  readonly clusterDomain: string;
  /** Pods 0 .. initialClusterSize-1 are the initial voters. */
  readonly initialClusterSize: number;
  /** Every pod listens for peers on the same port. */
  readonly peerPort: number;
  /** Bound on the wait at start for the peers' names to resolve. */
  readonly waitMs: number;
  /** How often every peer's name is resolved again to notice a moved pod. */
  readonly refreshMs: number;
  /** Keep the membership equal to the StatefulSet's spec.replicas (src/server/statefulset-membership.ts). */
  readonly followStatefulSet: boolean;
  /** How often the leader reads spec.replicas. */
  readonly scaleCheckMs: number;
  /** How long a pod scaled away waits after SIGTERM to be removed. */
  readonly leaveTimeoutMs: number;
}

export type PodName = { readonly stsName: string; readonly ordinal: number };

/** RFC 1123 label: what Kubernetes accepts in a pod, service or namespace name. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function isDnsLabel(v: string): boolean {
  return DNS_LABEL.test(v);
}

/**
 * Splits `<sts>-<ordinal>` (a fully qualified hostname counts by its first
 * label). With `stsName` given, the hostname must start with `<stsName>-`.
 * Returns a reason string when it does not fit.
 */
export function parsePodHostname(hostname: string, stsName?: string): PodName | string {
  const short = hostname.split('.')[0] ?? '';
  const m = /^(.+)-(0|[1-9]\d{0,5})$/.exec(short);
  if (m === null) return `hostname "${hostname}" is not a StatefulSet pod name <sts>-<ordinal>`;
  const [, derived, ordinal] = m as unknown as [string, string, string];
  if (stsName !== undefined && stsName !== derived) {
    return `hostname "${hostname}" is not a pod of StatefulSet "${stsName}"`;
  }
  return { stsName: derived, ordinal: Number(ordinal) };
}

/** The fully qualified name of pod `ordinal`. */
export function podFqdn(s: Pick<DnsDiscoverySettings, 'stsName' | 'headlessService' | 'namespace' | 'clusterDomain'>, ordinal: number): string {
  return `${s.stsName}-${ordinal}.${s.headlessService}.${s.namespace}.svc.${s.clusterDomain}`;
}

/** The initial voters, id → `<fqdn>:<peerPort>`, in ordinal order. */
export function initialDnsPeers(s: DnsDiscoverySettings): ReadonlyMap<string, string> {
  return new Map(
    Array.from({ length: s.initialClusterSize }, (_, i) => [`${s.stsName}-${i}`, `${podFqdn(s, i)}:${s.peerPort}`] as const),
  );
}
