/**
 * The one mapping between raftkv errors and gRPC status (DESIGN.md §3), in
 * both directions:
 *
 *  - `toGrpcStatus(err)` is what every server handler answers with. Every
 *    status carries the error's stable code in the trailing metadata
 *    `raftkv-error-code`, so a peer can rebuild the exact error kind.
 *  - `fromGrpcError(e)` is what a forwarding client (a follower calling the
 *    leader) turns a failed call back into, so that the follower's own
 *    `toGrpcStatus` answers its client with the same status the leader chose.
 *
 * The inverse must never claim more than it knows. A failure without our
 * metadata did not come from a raftkv handler: it is a transport failure, and
 * the write's fate depends on whether the request reached the leader. Only
 * statuses that grpc-js produces *before* an HTTP/2 stream exists prove that
 * (see `NEVER_LEFT_DETAILS`); everything else is reported as outcome unknown,
 * which is never wrong: at worst a client re-reads before retrying a write
 * that in fact never happened.
 */
import * as grpc from '@grpc/grpc-js';
import {
  AuthFailedError,
  AuthStateError,
  authStateErrorKind,
  PermissionDeniedError,
  LearnerNotReadyError,
  KeepAliveRateError,
  ResponseBudgetError,
  UnauthenticatedError,
  ClusterMismatchError,
  CompactedError,
  CorruptError,
  LeaseNotFoundError,
  LeaseExistsError,
  NoSpaceError,
  OverloadedError,
  FailedPreconditionError,
  FutureRevisionError,
  InvalidArgumentError,
  NoLeaderError,
  NotAttemptedError,
  OutcomeUnknownError,
  PeerNotAllowedError,
  ProposalDroppedError,
  RaftKvError,
  ShutdownError,
  TooManyWatchersError,
  TimeoutError,
  TooLargeError,
} from './errors';

/** Trailing metadata: the stable code of the raftkv error behind a status. */
export const ERROR_CODE_METADATA_KEY = 'raftkv-error-code';
/** Trailing metadata: the leader's node id, when a not-attempted error knows it. */
export const LEADER_METADATA_KEY = 'raftkv-leader';
/** The code sent for anything outside the catalogue (a bug, not a user error). */
export const INTERNAL_ERROR_CODE = 'RAFTKV_ERR_INTERNAL';
/** Trailing metadata of a compacted watch: the revision history starts after. */
export const COMPACT_REVISION_METADATA_KEY = 'raftkv-compact-revision';

export interface GrpcStatus {
  readonly code: grpc.status;
  readonly details: string;
  readonly metadata: grpc.Metadata;
}

/**
 * Maps any thrown value to the status a handler answers with. Unknown errors
 * become INTERNAL with a generic message: their text and stack may leak
 * internals, so the caller logs the cause and the client sees only "internal error".
 */
export function toGrpcStatus(err: unknown): GrpcStatus {
  const metadata = new grpc.Metadata();
  const status = (code: grpc.status, details: string, errorCode: string): GrpcStatus => {
    metadata.set(ERROR_CODE_METADATA_KEY, errorCode);
    return { code, details, metadata };
  };
  if (err instanceof InvalidArgumentError || err instanceof TooLargeError) {
    return status(grpc.status.INVALID_ARGUMENT, err.message, err.code);
  }
  if (err instanceof NotAttemptedError) {
    if (err.leaderHint !== '') metadata.set(LEADER_METADATA_KEY, err.leaderHint);
    return status(grpc.status.UNAVAILABLE, err.message, err.code);
  }
  if (err instanceof OutcomeUnknownError) return status(grpc.status.UNAVAILABLE, err.message, err.code);
  if (err instanceof OverloadedError || err instanceof NoSpaceError || err instanceof ResponseBudgetError || err instanceof KeepAliveRateError) return status(grpc.status.RESOURCE_EXHAUSTED, err.message, err.code);
  if (err instanceof TooManyWatchersError) return status(grpc.status.RESOURCE_EXHAUSTED, err.message, err.code);
  if (err instanceof TimeoutError) return status(grpc.status.DEADLINE_EXCEEDED, err.message, err.code);
  if (err instanceof LeaseNotFoundError) return status(grpc.status.NOT_FOUND, err.message, err.code);
  if (err instanceof LeaseExistsError) return status(grpc.status.ALREADY_EXISTS, err.message, err.code);
  if (err instanceof CompactedError) {
    metadata.set(COMPACT_REVISION_METADATA_KEY, String(err.compactRevision));
    return status(grpc.status.OUT_OF_RANGE, err.message, err.code);
  }
  if (err instanceof FutureRevisionError) return status(grpc.status.OUT_OF_RANGE, err.message, err.code);
  if (err instanceof ClusterMismatchError || err instanceof LearnerNotReadyError) return status(grpc.status.FAILED_PRECONDITION, err.message, err.code);
  if (err instanceof PeerNotAllowedError) return status(grpc.status.PERMISSION_DENIED, err.message, err.code);
  if (err instanceof FailedPreconditionError) {
    if (err.leaderHint !== '') metadata.set(LEADER_METADATA_KEY, err.leaderHint);
    return status(grpc.status.FAILED_PRECONDITION, err.message, err.code);
  }
  if (err instanceof CorruptError) return status(grpc.status.DATA_LOSS, err.message, err.code);
  if (err instanceof UnauthenticatedError || err instanceof AuthFailedError) return status(grpc.status.UNAUTHENTICATED, err.message, err.code);
  if (err instanceof PermissionDeniedError) return status(grpc.status.PERMISSION_DENIED, err.message, err.code);
  if (err instanceof AuthStateError) return status(AUTH_STATE_STATUS[err.kind] ?? grpc.status.FAILED_PRECONDITION, err.message, err.code);
  return status(grpc.status.INTERNAL, 'internal error', INTERNAL_ERROR_CODE);
}

/** Auth state errors that are not FAILED_PRECONDITION on raftkv's own API. */
const AUTH_STATE_STATUS: Partial<Record<AuthStateError['kind'], grpc.status>> = {
  user_empty: grpc.status.INVALID_ARGUMENT,
  role_empty: grpc.status.INVALID_ARGUMENT,
  user_exists: grpc.status.ALREADY_EXISTS,
  role_exists: grpc.status.ALREADY_EXISTS,
  user_not_found: grpc.status.NOT_FOUND,
  role_not_found: grpc.status.NOT_FOUND,
};

/**
 * Rebuilds a raftkv error from a status `toGrpcStatus` produced. The message
 * is the leader's, verbatim, so the follower's client reads the same words.
 */
const REBUILD: Readonly<Record<string, (details: string, leader: string) => RaftKvError>> = {
  RAFTKV_ERR_INVALID_ARGUMENT: (d) => {
    const colon = d.indexOf(': ');
    return new InvalidArgumentError(colon > 0 ? d.slice(0, colon) : 'request', colon > 0 ? d.slice(colon + 2) : d);
  },
  RAFTKV_ERR_TOO_LARGE: (d) => {
    const m = /^(.*) is (\d+) bytes, over the limit of (\d+) bytes$/.exec(d);
    return withMessage(new TooLargeError(m?.[1] ?? 'request', Number(m?.[2] ?? 0), Number(m?.[3] ?? 0)), d);
  },
  RAFTKV_ERR_NOT_ATTEMPTED: (d, leader) => withMessage(new NotAttemptedError('', leader), d),
  RAFTKV_ERR_NO_LEADER: (d) => withMessage(new NoLeaderError(), d),
  RAFTKV_ERR_SHUTDOWN: (d) => withMessage(new ShutdownError(), d),
  RAFTKV_ERR_PROPOSAL_DROPPED: (d, leader) => withMessage(new ProposalDroppedError('', leader), d),
  RAFTKV_ERR_OUTCOME_UNKNOWN: (d) => withMessage(new OutcomeUnknownError(''), d),
  RAFTKV_ERR_OVERLOADED: (d) => withMessage(new OverloadedError(''), d),
  RAFTKV_ERR_NO_SPACE: (d) => withMessage(new NoSpaceError(''), d),
  RAFTKV_ERR_TIMEOUT: (d) => new TimeoutError(d),
  RAFTKV_ERR_CORRUPT: (d) => withMessage(new CorruptError(/^corrupt member: member (\S+) /.exec(d)?.[1] ?? ''), d),
  RAFTKV_ERR_CLUSTER_MISMATCH: (d) => new ClusterMismatchError(d),
  RAFTKV_ERR_PEER_NOT_ALLOWED: (d) => new PeerNotAllowedError(d),
  RAFTKV_ERR_FAILED_PRECONDITION: (d, leader) => new FailedPreconditionError(d, leader),
  RAFTKV_ERR_LEARNER_NOT_READY: (d) => new LearnerNotReadyError(d),
  RAFTKV_ERR_LEASE_NOT_FOUND: (d) => {
    const m = /^lease (\d+) not found/.exec(d);
    return withMessage(new LeaseNotFoundError(m?.[1] ?? '0'), d);
  },
  RAFTKV_ERR_LEASE_EXISTS: (d) => {
    const m = /^lease (\d+) already exists/.exec(d);
    return withMessage(new LeaseExistsError(m?.[1] ?? '0'), d);
  },
  // The leader failed unexpectedly while handling the request: it may have
  // proposed the entry before failing, so its fate is unknown.
  [INTERNAL_ERROR_CODE]: () => new OutcomeUnknownError('the leader failed with an internal error'),
};

/** Several constructors decorate their message; a rebuilt error keeps the original text. */
function withMessage<E extends Error>(err: E, message: string): E {
  err.message = message;
  return err;
}

/**
 * grpc-js status details that it produces only before an HTTP/2 stream was
 * created for the call, so the request provably never reached the server:
 *  - "No connection established": the pick-first (or round-robin) picker in
 *    TRANSIENT_FAILURE failed the call at once (no waitForReady);
 *  - "Channel closed before call started": the channel closed while the call
 *    waited for a connection;
 *  - "Subchannel not ready": a single-subchannel channel refused to start;
 *  - "Failed to start HTTP/2 stream": the stream could not be created;
 *  - "Request message serialization failure": nothing was encoded to send;
 *  - name-resolution failures: there was no address to connect to.
 * A grpc-js upgrade that rewords these only makes us more conservative (the
 * failure falls through to outcome unknown), never wrong. Our server never
 * sends these texts itself: every status from a raftkv handler carries
 * `raftkv-error-code` and is rebuilt before this list is consulted.
 */
const NEVER_LEFT_DETAILS: readonly RegExp[] = [
  /No connection established/,
  /^Channel closed before call started/,
  /^Subchannel not ready/,
  /^Failed to start HTTP\/2 stream/,
  /^Request message serialization failure/,
  /^Name resolution failed/,
  /^Failed to parse (DNS |ipv4 |ipv6 )?address/,
  /^Unrecognized scheme/,
];

/** "Sent message larger than max (X vs. Y)" (client) or "Received message larger than max" (server). */
const SIZE_LIMIT_DETAILS = /message larger than max \((\d+) vs\. (\d+)\)/;

/**
 * Turns a failed call into the raftkv error it stands for. Order matters:
 * our own metadata first (the handler said exactly what happened), then the
 * few transport failures that prove the request never ran, then "unknown".
 */
export function fromGrpcError(e: grpc.ServiceError): RaftKvError {
  const metadata = e.metadata;
  const errorCode = firstString(metadata, ERROR_CODE_METADATA_KEY);
  const authKind = errorCode === undefined ? undefined : authStateErrorKind(errorCode);
  if (authKind !== undefined) return new AuthStateError(authKind, e.details);
  if (errorCode !== undefined) {
    const rebuild = REBUILD[errorCode];
    if (rebuild !== undefined) return rebuild(e.details, firstString(metadata, LEADER_METADATA_KEY) ?? '');
    // A newer peer with a kind we do not know: only the status code is left to go on.
    return new OutcomeUnknownError(`the leader answered with an unknown error ${errorCode}: ${e.details}`, { cause: e });
  }

  if (NEVER_LEFT_DETAILS.some((re) => re.test(e.details))) {
    return new NotAttemptedError(`the leader could not be reached (${e.details})`, '', { cause: e });
  }
  if (e.code === grpc.status.UNIMPLEMENTED) {
    // The server has no such method, so no handler ran (an older peer).
    return new NotAttemptedError(`the peer does not implement this call (${e.details})`, '', { cause: e });
  }
  const tooLarge = e.code === grpc.status.RESOURCE_EXHAUSTED ? SIZE_LIMIT_DETAILS.exec(e.details) : null;
  if (tooLarge) {
    // Rejected by a size check before any handler ran; retrying cannot help, so not NotAttempted.
    return new TooLargeError('forwarded request', Number(tooLarge[1]), Number(tooLarge[2]));
  }
  if (e.code === grpc.status.DEADLINE_EXCEEDED) {
    // Either side's deadline may have fired after the leader proposed the entry.
    return new TimeoutError(
      `deadline exceeded waiting for the leader: outcome unknown, the write may or may not have been applied (${e.details})`,
      { cause: e },
    );
  }
  return new OutcomeUnknownError(`the call to the leader failed (${grpc.status[e.code] ?? e.code}: ${e.details})`, {
    cause: e,
  });
}

function firstString(metadata: grpc.Metadata, key: string): string | undefined {
  const value = metadata.get(key)[0];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.toString('utf8');
}
