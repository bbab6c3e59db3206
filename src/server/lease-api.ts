/**
 * The lease operations behind every door: raftkv.kv.v1.LeaseService and the
 * etcd v3 Lease service both call these, so granting, revoking, keep-alive
 * and time-to-live behave alike whichever API a client speaks. Inputs are
 * validated (ids canonical, TTLs in bounds); failures are raftkv errors,
 * mapped to a status by the door.
 */
import { decodeResult, encodeCommand, throwIfFailed, type AuthStamp, type CommandResult } from '../kv/command';
import type { LeaseSource } from '../lease/lease-source';
import type { LeaseRouter } from '../lease/lease-router';
import { randomLeaseId } from '../lease/lease-params';
import { LeaseExistsError, LeaseNotFoundError } from '../errors';

export interface LeaseApiNode {
  propose(command: Uint8Array, deadline: Date): Promise<{ readonly result: Uint8Array }>;
  linearizableBarrier(deadline: Date): Promise<void>;
}

export interface LeaseApiDeps {
  readonly node: LeaseApiNode;
  readonly leases: LeaseSource;
  readonly router: Pick<LeaseRouter, 'renew' | 'timesToLive'>;
}

export interface LeaseTimeToLive {
  /** Seconds left (rounded up); -1 when the lease does not exist. */
  readonly ttlSeconds: number;
  readonly grantedTtlSeconds: number;
  /** The lease's keys, when asked and the lease exists. */
  readonly keys: string[];
}

export interface LeaseApi {
  /** Grants a lease; id "0" lets the server choose. Returns the id and the store revision of the grant. */
  grant(ttlSeconds: number, id: string, deadline: Date): Promise<{ id: string; ttlSeconds: number; revision: number }>;
  /** Revokes a lease and deletes its keys (LeaseNotFoundError when it does not exist). */
  revoke(id: string, deadline: Date, stamp?: AuthStamp): Promise<{ deleted: string; revision: number }>;
  /** Restarts a lease's TTL on the leader; 0 when the lease does not exist. */
  renew(id: string, deadline: Date): Promise<number>;
  timeToLive(id: string, withKeys: boolean, deadline: Date): Promise<LeaseTimeToLive>;
  /** Every lease, after a linearizable barrier. */
  list(deadline: Date): Promise<{ id: string; ttlSeconds: number }[]>;
}

export function createLeaseApi(deps: LeaseApiDeps): LeaseApi {
  const { node, leases, router } = deps;
  const propose = async (command: Parameters<typeof encodeCommand>[0], deadline: Date): Promise<CommandResult> => {
    const result = decodeResult((await node.propose(encodeCommand(command), deadline)).result);
    throwIfFailed(result);
    return result;
  };
  return {
    async grant(ttlSeconds, asked, deadline) {
      if (asked !== '0' && (await leases.lease(asked)) !== undefined) throw new LeaseExistsError(asked);
      // A random 63-bit id collides practically never; if it does, pick again once.
      for (let attempt = 0; ; attempt += 1) {
        const id = asked !== '0' ? asked : randomLeaseId();
        try {
          const result = await propose({ op: 'lease-grant', id, ttlSeconds }, deadline);
          return {
            id: result.leaseGrant?.id ?? id,
            ttlSeconds: Number(result.leaseGrant?.ttl_seconds ?? ttlSeconds),
            revision: result.revision,
          };
        } catch (err) {
          if (!(err instanceof LeaseExistsError && asked === '0' && attempt === 0)) throw err;
        }
      }
    },

    async revoke(id, deadline, stamp) {
      if (id === '0') throw new LeaseNotFoundError(id);
      // The stamp: revoking deletes the lease's keys, so write permission on them is checked again at apply if auth moved.
      const result = await propose({ op: 'lease-revoke', id, expired: false, ...(stamp !== undefined && { stamp }) }, deadline);
      return { deleted: result.leaseRevoke?.deleted ?? '0', revision: result.revision };
    },

    async renew(id, deadline) {
      return id === '0' ? 0 : ((await router.renew([id], deadline))[0] ?? 0);
    },

    async timeToLive(id, withKeys, deadline) {
      const none = { ttlSeconds: -1, grantedTtlSeconds: 0 };
      const left = id === '0' ? none : ((await router.timesToLive([id], deadline))[0] ?? none);
      let keys: string[] = [];
      if (withKeys && left.ttlSeconds >= 0) {
        await node.linearizableBarrier(deadline);
        keys = await leases.leaseKeys(id);
      }
      return { ttlSeconds: left.ttlSeconds, grantedTtlSeconds: left.grantedTtlSeconds, keys };
    },

    async list(deadline) {
      await node.linearizableBarrier(deadline);
      return (await leases.leases()).map((l) => ({ id: l.id, ttlSeconds: l.ttlSeconds }));
    },
  };
}
