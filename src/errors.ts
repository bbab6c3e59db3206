/**
 * The one catalogue of raftkv errors. Each kind has a stable code and is mapped
 * to a gRPC status exactly once, in src/grpc-status.ts. Code branches on
 * `instanceof`, never on message text.
 */

export abstract class RaftKvError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad input from a client or a flag. The message names the field and the limit. */
export class InvalidArgumentError extends RaftKvError {
  readonly code = 'RAFTKV_ERR_INVALID_ARGUMENT';
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** Input over a size limit. */
export class TooLargeError extends RaftKvError {
  readonly code = 'RAFTKV_ERR_TOO_LARGE';
  constructor(
    readonly field: string,
    readonly size: number,
    readonly limit: number,
  ) {
    super(`${field} is ${size} bytes, over the limit of ${limit} bytes`);
  }
}

/**
 * The request was not attempted: no leader is known, the leader could not be
 * reached before the request left, or the node is shutting down. The write was
 * not applied; retrying is safe.
 */
export class NotAttemptedError extends RaftKvError {
  readonly code: string = 'RAFTKV_ERR_NOT_ATTEMPTED';
  constructor(
    reason: string,
    readonly leaderHint = '',
    options?: ErrorOptions,
  ) {
    super(`${reason}; the write was not applied and is safe to retry`, options);
  }
}

/**
 * The leader refused the write because a bound on its queues is reached (the
 * bytes it holds uncommitted, --max-uncommitted-bytes): followers are behind
 * or the cluster lost its quorum. Nothing was proposed, so the write was not
 * applied and is safe to retry, after a back-off.
 */
export class OverloadedError extends RaftKvError {
  readonly code = 'RAFTKV_ERR_OVERLOADED';
  constructor(reason: string, options?: ErrorOptions) {
    super(`${reason}; the write was not applied and is safe to retry after a back-off`, options);
  }
}

/** A watch beyond --max-watchers: refused before anything was registered. */
export class TooManyWatchersError extends RaftKvError {
  readonly code = 'RAFTKV_ERR_TOO_MANY_WATCHERS';
  constructor(open: number, limit: number) {
    super(`this node serves ${open} watches, at --max-watchers ${limit}; close one, or watch through another member`);
  }
}

/**
 * A write that adds data, refused while the cluster's NOSPACE alarm is
 * raised (a member's database passed --quota-backend-bytes), or by a member
 * whose disk is full. Not applied. Reads, deletes, lease revokes, compaction
 * and defragmentation still work: they are how space comes back.
 */
export class NoSpaceError extends RaftKvError {
  readonly code = 'RAFTKV_ERR_NO_SPACE';
  constructor(reason: string, options?: ErrorOptions) {
    super(`${reason}; the write was not applied. Free space (delete keys, then kvctl compact and kvctl defrag), then kvctl alarm disarm`, options);
  }
}

/**
 * This member's state differs from the one the other members agree on (the
 * consistency check found it, and raised CORRUPT for it): what it would read
 * is not the cluster's data, so it serves no reads and starts no watches.
 * DATA_LOSS, as etcd's "corrupt cluster". Another member can answer; this one
 * must be replaced (docs/operations.md).
 */
export class CorruptError extends RaftKvError {
  readonly code = 'RAFTKV_ERR_CORRUPT';
  constructor(readonly nodeId: string, options?: ErrorOptions) {
    super(
      `corrupt member: member ${nodeId} holds a state that differs from the cluster's (CORRUPT alarm), so it serves no reads or watches; ` +
        'ask another member, and replace this one (docs/operations.md, "A member whose state diverged")',
      options,
    );
  }
}

/** No leader is known (election in progress or no quorum). Not attempted. */
export class NoLeaderError extends NotAttemptedError {
  override readonly code = 'RAFTKV_ERR_NO_LEADER';
  constructor() {
    super('no leader is known (an election may be in progress)');
  }
}

/** The node is shutting down and did not propose the request. Not attempted. */
export class ShutdownError extends NotAttemptedError {
  override readonly code = 'RAFTKV_ERR_SHUTDOWN';
  constructor() {
    super('the node is shutting down');
  }
}

/**
 * The proposal was dropped before entering the log (this node is not leader,
 * a leadership transfer is in progress). Not attempted.
 */
export class ProposalDroppedError extends NotAttemptedError {
  override readonly code = 'RAFTKV_ERR_PROPOSAL_DROPPED';
}

/**
 * The entry was proposed but its fate was not seen: leadership changed or the
 * connection to the leader broke after the request left. It may still commit.
 */
export class OutcomeUnknownError extends RaftKvError {
  readonly code = 'RAFTKV_ERR_OUTCOME_UNKNOWN';
  constructor(reason: string, options?: ErrorOptions) {
    super(`outcome unknown: ${reason}; the write may or may not have been applied`, options);
  }
}

/** The deadline passed before the result was seen. For writes, the outcome is unknown. */
export class TimeoutError extends RaftKvError {
  readonly code = 'RAFTKV_ERR_TIMEOUT';
}

/**
 * The request is well-formed but the cluster's state does not allow it (a
 * membership change that makes no sense against the current configuration,
 * a leadership transfer asked of a node that is not the leader). Nothing was
 * changed; retrying as is will fail again.
 */
export class FailedPreconditionError extends RaftKvError {
  readonly code = 'RAFTKV_ERR_FAILED_PRECONDITION';
  constructor(
    message: string,
    /** The leader's id when the precondition is "ask the leader", else ''. */
    readonly leaderHint = '',
  ) {
    super(message);
  }
}

/** A lease named by a request does not exist (never granted, expired or revoked). Nothing was changed. */
export class LeaseNotFoundError extends RaftKvError {
  readonly code = 'RAFTKV_ERR_LEASE_NOT_FOUND';
  constructor(readonly leaseId: string) {
    super(`lease ${leaseId} not found (never granted, expired or revoked)`);
  }
}

/** A lease grant named an id that is already in use. Nothing was changed. */
export class LeaseExistsError extends RaftKvError {
  readonly code = 'RAFTKV_ERR_LEASE_EXISTS';
  constructor(readonly leaseId: string) {
    super(`lease ${leaseId} already exists; revoke it first or let the server choose an id (id 0)`);
  }
}

/**
 * A watch asked for events older than the retained history. Start again from
 * a fresh read: its header.revision + 1 is always retained.
 */
export class CompactedError extends RaftKvError {
  readonly code = 'RAFTKV_ERR_COMPACTED';
  constructor(
    readonly requestedRevision: number,
    /** History holds the revisions after this one. */
    readonly compactRevision: number,
    /** The request field that named the revision. */
    field = 'start_revision',
  ) {
    super(
      `${field} ${requestedRevision} is compacted: history on this node starts after revision ${compactRevision}; ` +
        'read the keys again (Range) and watch from its header.revision + 1',
    );
  }
}

/** A request named a revision the store has not reached yet. */
export class FutureRevisionError extends RaftKvError {
  readonly code = 'RAFTKV_ERR_FUTURE_REVISION';
  constructor(
    readonly requestedRevision: number,
    readonly currentRevision: number,
    field = 'revision',
  ) {
    super(`${field} ${requestedRevision} is a future revision: the store is at revision ${currentRevision}`);
  }
}

/** A peer message from another cluster, or for another node. */
export class ClusterMismatchError extends RaftKvError {
  readonly code = 'RAFTKV_ERR_CLUSTER_MISMATCH';
}

/**
 * A peer request from a sender this node does not talk to: a certificate the
 * peer-name policy refuses, or a `from` that is not a member. Refused before
 * it reaches the core.
 */
export class PeerNotAllowedError extends RaftKvError {
  readonly code = 'RAFTKV_ERR_PEER_NOT_ALLOWED';
}

/** Configuration (flags or environment) is invalid; lists every problem. */
export class ConfigError extends RaftKvError {
  readonly code = 'RAFTKV_ERR_CONFIG';
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** Reads `unknown` thrown values safely. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * Local storage is corrupt, was misused (a write that would leave a hole in
 * the log), or failed earlier. Fatal for the node: restart it.
 */
export class StorageError extends RaftKvError {
  readonly code = 'RAFTKV_ERR_STORAGE';
}

/** The data dir lost log entries this node acknowledged (its stored commit index is past its log): it refuses to start. */
export class LostLogError extends StorageError {}

/**
 * Auth is enabled and the request carries no credentials, or a token that
 * this node did not issue, that expired, or whose user was deleted or
 * changed password since (UNAUTHENTICATED). `missing`: no credentials at all.
 */
export class UnauthenticatedError extends RaftKvError {
  readonly code = 'RAFTKV_ERR_UNAUTHENTICATED';
  constructor(
    reason: string,
    readonly missing: boolean,
  ) {
    super(reason);
  }
}

/** Authenticate with an unknown user or a wrong password (UNAUTHENTICATED); which of the two is not said. */
export class AuthFailedError extends RaftKvError {
  readonly code = 'RAFTKV_ERR_AUTH_FAILED';
  constructor() {
    super('authentication failed: unknown user or wrong password');
  }
}

/** The user's roles do not grant what the request needs (PERMISSION_DENIED), naming the key and the permission. */
export class PermissionDeniedError extends RaftKvError {
  readonly code = 'RAFTKV_ERR_PERMISSION_DENIED';
  constructor(
    readonly user: string,
    readonly permission: 'read' | 'write' | 'root',
    readonly key?: string,
    message?: string,
  ) {
    super(
      message ??
        (permission === 'root'
          ? `permission denied: user ${JSON.stringify(user)} needs the root role for this request`
          : `permission denied: user ${JSON.stringify(user)} has no ${permission} permission on ${key ?? 'the key'}`),
    );
  }

  /** The error again from its message, word for word (a denial decided at apply travels as a result: src/kv/command.ts). */
  static fromMessage(message: string): PermissionDeniedError {
    const m = /^permission denied: user ("(?:[^"\\]|\\.)*")(?: (needs the root role)| has no (read|write) permission on (.*))?/.exec(message);
    let user = '';
    try {
      user = m?.[1] === undefined ? '' : (JSON.parse(m[1]) as string);
    } catch {
      // An unparsable name keeps the message, which is what the client reads.
    }
    const permission = m?.[2] !== undefined ? 'root' : m?.[3] === 'read' ? 'read' : 'write';
    return new PermissionDeniedError(user, permission, m?.[4], message);
  }
}

/** The ways an auth change can fail to fit the auth state; decided at apply time, alike on every node. */
export const AUTH_STATE_ERROR_KINDS = [
  'user_empty',
  'role_empty',
  'user_exists',
  'user_not_found',
  'role_exists',
  'role_not_found',
  'role_not_granted',
  'permission_not_granted',
  'root_user_not_exist',
  'root_role_not_exist',
  'auth_not_enabled',
  'invalid_auth_mgmt',
  'no_password',
] as const;
export type AuthStateErrorKind = (typeof AUTH_STATE_ERROR_KINDS)[number];

/** An auth change refused by the auth state: `RAFTKV_ERR_AUTH_<KIND>` (e.g. RAFTKV_ERR_AUTH_USER_NOT_FOUND). */
export class AuthStateError extends RaftKvError {
  readonly code: string;
  constructor(
    readonly kind: AuthStateErrorKind,
    message: string,
  ) {
    super(message);
    this.code = authStateErrorCode(kind);
  }
}

export function authStateErrorCode(kind: AuthStateErrorKind): string {
  return `RAFTKV_ERR_AUTH_${kind.toUpperCase()}`;
}

/** The kind an AuthStateError code names, or undefined for any other code. */
export function authStateErrorKind(code: string): AuthStateErrorKind | undefined {
  return AUTH_STATE_ERROR_KINDS.find((k) => authStateErrorCode(k) === code);
}

/**
 * The node already holds its budget of response bytes not yet taken by
 * clients (--max-response-bytes-in-flight): answering more would grow its
 * memory without bound. Nothing was read or changed; retry after a back-off
 * (RESOURCE_EXHAUSTED).
 */
export class ResponseBudgetError extends RaftKvError {
  readonly code = 'RAFTKV_ERR_RESPONSE_BUDGET';
  constructor(heldBytes: number, limitBytes: number) {
    super(`this node holds ${heldBytes} bytes of responses its clients have not read yet, at its limit of ${limitBytes} bytes (--max-response-bytes-in-flight); retry after a back-off`);
  }
}

/**
 * PromoteMember of a learner whose log is not within reach of the leader's
 * commit index: as a voter it could not help commit anything yet, and could
 * cost the quorum (FAILED_PRECONDITION; etcd: "can only promote a learner
 * member which is in sync with leader"). Wait until `member list` shows it
 * caught up.
 */
export class LearnerNotReadyError extends RaftKvError {
  readonly code = 'RAFTKV_ERR_LEARNER_NOT_READY';
}

/** A LeaseKeepAlive stream sent keep-alives faster than --max-keepalives-per-second: the stream ends (RESOURCE_EXHAUSTED). */
export class KeepAliveRateError extends RaftKvError {
  readonly code = 'RAFTKV_ERR_KEEPALIVE_RATE';
  constructor(limitPerSecond: number) {
    super(`more than ${limitPerSecond} keep-alives per second on one LeaseKeepAlive stream (--max-keepalives-per-second); send one per lease every TTL/3`);
  }
}
