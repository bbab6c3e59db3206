/**
 * Where a starting node stands, before its Raft node exists. The HTTP port
 * listens from the first moment of the process, so probes and Prometheus
 * see "not ready: waiting for DNS" and `raftkv_has_leader 0` instead of a
 * refused connection; this is what /readyz and the /v1 API say meanwhile.
 */
export const StartupPhase = {
  OpeningStorage: 'opening storage',
  WaitingForDns: 'waiting for DNS',
  ProbingPeers: 'probing peers',
  Joining: 'joining',
  StartingNode: 'starting the Raft node',
} as const;
export type StartupPhase = (typeof StartupPhase)[keyof typeof StartupPhase];

export class StartupProgress {
  #phase: StartupPhase = StartupPhase.OpeningStorage;
  #detail = '';

  enter(phase: StartupPhase, detail = ''): void {
    this.#phase = phase;
    this.#detail = detail;
  }

  get phase(): StartupPhase {
    return this.#phase;
  }

  /** "probing peers: <why not deciding yet>", for a 503 body. */
  get reason(): string {
    return this.#detail === '' ? this.#phase : `${this.#phase}: ${this.#detail}`;
  }
}
