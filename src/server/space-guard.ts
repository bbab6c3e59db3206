/**
 * The NOSPACE gate: while the cluster's NOSPACE alarm is raised, a proposal
 * that would add data (alarms.ts addsData: Put, a Txn with a put, a lease
 * grant) is refused with NoSpaceError before it is proposed, on the member
 * the client called, whichever door (raftkv, etcd, HTTP) it came through.
 * Everything else (reads, deletes, revokes, alarm and membership commands)
 * passes. The proposal path is the one place every write goes through, and
 * with no alarm raised the gate costs one array check.
 */
import { NoSpaceError } from '../errors';
import { addsData, type AlarmRecord } from '../kv/alarms';
import { decodeCommand } from '../kv/command';

interface Proposer {
  propose(command: Uint8Array, deadline: Date): Promise<unknown>;
}

export interface SpaceGuardOptions {
  readonly alarms: () => readonly AlarmRecord[];
  readonly quotaBytes: number;
  /**
   * This member's free disk bytes when under --disk-reserve-bytes, else
   * undefined (SpaceMonitor.lowDisk): refused here at once, before the
   * alarm it raises has gone through the log.
   */
  readonly lowDisk?: () => number | undefined;
}

/** Throws NoSpaceError when `command` adds data and NOSPACE is raised. */
export function checkSpace(command: Uint8Array, opts: SpaceGuardOptions): void {
  const raised = opts.alarms().filter((a) => a.alarm === 'NOSPACE');
  const free = opts.lowDisk?.();
  if (raised.length === 0 && free === undefined) return;
  let adds: boolean;
  try {
    adds = addsData(decodeCommand(command));
  } catch {
    // Malformed: the state machine refuses it alike everywhere; not this gate's business.
    return;
  }
  if (!adds) return;
  if (raised.length === 0) throw new NoSpaceError(`database space exceeded: this member's disk is almost full (${free ?? 0} bytes free, under --disk-reserve-bytes)`);
  throw new NoSpaceError(
    `database space exceeded: the NOSPACE alarm is raised (member ${raised.map((a) => a.memberId).join(', ')} passed --quota-backend-bytes = ${opts.quotaBytes} bytes, or its disk --disk-reserve-bytes)`,
  );
}

/**
 * The node as the APIs see it, with propose() gated. A Proxy rather than a
 * subclass or copy: RaftNode keeps its state in #private fields, so every
 * other member is read from and called on the node itself.
 */
export function spaceGuarded<T extends Proposer>(node: T, opts: SpaceGuardOptions): T {
  const propose = (command: Uint8Array, deadline: Date): Promise<unknown> => {
    try {
      checkSpace(command, opts);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    return node.propose(command, deadline);
  };
  return new Proxy(node, {
    get(target, prop) {
      if (prop === 'propose') return propose;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
