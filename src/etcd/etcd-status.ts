/**
 * The etcd v3 door's one error-to-status mapping. etcd clients (clientv3,
 * etcdctl, jetcd) turn a status into a typed error by its exact message
 * ("etcdserver: requested lease not found" becomes ErrLeaseNotFound) and
 * decide retries by it, so where etcd has an error for the case we answer
 * with etcd's code and words; anything else keeps raftkv's status
 * (toGrpcStatus), whose messages name the field and the limit.
 */
import * as grpc from '@grpc/grpc-js';
import {
  AuthFailedError,
  AuthStateError,
  CompactedError,
  CorruptError,
  FutureRevisionError,
  PermissionDeniedError,
  LearnerNotReadyError,
  KeepAliveRateError,
  ResponseBudgetError,
  UnauthenticatedError,
  LeaseExistsError,
  LeaseNotFoundError,
  NoLeaderError,
  NoSpaceError,
  NotAttemptedError,
  OutcomeUnknownError,
  RaftKvError,
  ShutdownError,
  TimeoutError,
  TooLargeError,
} from '../errors';
import { COMPACT_REVISION_METADATA_KEY, ERROR_CODE_METADATA_KEY, toGrpcStatus, type GrpcStatus } from '../grpc-status';

/** etcd's errors (its rpctypes), by the case they name: status code and exact message. */
export const ETCD_ERRORS = {
  emptyKey: [grpc.status.INVALID_ARGUMENT, 'etcdserver: key is not provided'],
  keyNotFound: [grpc.status.INVALID_ARGUMENT, 'etcdserver: key not found'],
  valueProvided: [grpc.status.INVALID_ARGUMENT, 'etcdserver: value is provided'],
  leaseProvided: [grpc.status.INVALID_ARGUMENT, 'etcdserver: lease is provided'],
  tooManyOps: [grpc.status.INVALID_ARGUMENT, 'etcdserver: too many operations in txn request'],
  duplicateKey: [grpc.status.INVALID_ARGUMENT, 'etcdserver: duplicate key given in txn request'],
  requestTooLarge: [grpc.status.INVALID_ARGUMENT, 'etcdserver: request is too large'],
  compacted: [grpc.status.OUT_OF_RANGE, 'etcdserver: mvcc: required revision has been compacted'],
  futureRevision: [grpc.status.OUT_OF_RANGE, 'etcdserver: mvcc: required revision is a future revision'],
  leaseNotFound: [grpc.status.NOT_FOUND, 'etcdserver: requested lease not found'],
  leaseExists: [grpc.status.FAILED_PRECONDITION, 'etcdserver: lease already exists'],
  leaseTtlTooLarge: [grpc.status.OUT_OF_RANGE, 'etcdserver: too large lease TTL'],
  memberNotFound: [grpc.status.NOT_FOUND, 'etcdserver: member not found'],
  memberExists: [grpc.status.FAILED_PRECONDITION, 'etcdserver: member ID already exist'],
  peerUrlExists: [grpc.status.FAILED_PRECONDITION, 'etcdserver: Peer URLs already exists'],
  memberBadUrls: [grpc.status.INVALID_ARGUMENT, 'etcdserver: given member URLs are invalid'],
  notLeader: [grpc.status.FAILED_PRECONDITION, 'etcdserver: not leader'],
  badLeaderTransferee: [grpc.status.FAILED_PRECONDITION, 'etcdserver: bad leader transferee'],
  noLeader: [grpc.status.UNAVAILABLE, 'etcdserver: no leader'],
  leaderChanged: [grpc.status.UNAVAILABLE, 'etcdserver: leader changed'],
  stopped: [grpc.status.UNAVAILABLE, 'etcdserver: server stopped'],
  // etcd answers a proposal whose commit it did not see in time with this (UNAVAILABLE);
  // clientv3 never retries a write on it, which is what "outcome unknown" needs.
  timeout: [grpc.status.UNAVAILABLE, 'etcdserver: request timed out'],
  noSpace: [grpc.status.RESOURCE_EXHAUSTED, 'etcdserver: mvcc: database space exceeded'],
  // A member whose state diverged (CORRUPT alarm) refuses reads and watches.
  corrupt: [grpc.status.DATA_LOSS, 'etcdserver: corrupt cluster'],
  // Auth (src/auth). etcd answers a request without a token "user name is empty".
  userEmpty: [grpc.status.INVALID_ARGUMENT, 'etcdserver: user name is empty'],
  roleEmpty: [grpc.status.INVALID_ARGUMENT, 'etcdserver: role name is empty'],
  userExists: [grpc.status.FAILED_PRECONDITION, 'etcdserver: user name already exists'],
  userNotFound: [grpc.status.FAILED_PRECONDITION, 'etcdserver: user name not found'],
  roleExists: [grpc.status.FAILED_PRECONDITION, 'etcdserver: role name already exists'],
  roleNotFound: [grpc.status.FAILED_PRECONDITION, 'etcdserver: role name not found'],
  roleNotGranted: [grpc.status.FAILED_PRECONDITION, 'etcdserver: role is not granted to the user'],
  permissionNotGranted: [grpc.status.FAILED_PRECONDITION, 'etcdserver: permission is not granted to the role'],
  rootUserNotExist: [grpc.status.FAILED_PRECONDITION, 'etcdserver: root user does not exist'],
  rootRoleNotExist: [grpc.status.FAILED_PRECONDITION, 'etcdserver: root user does not have root role'],
  authNotEnabled: [grpc.status.FAILED_PRECONDITION, 'etcdserver: authentication is not enabled'],
  invalidAuthMgmt: [grpc.status.INVALID_ARGUMENT, 'etcdserver: invalid auth management'],
  authFailed: [grpc.status.INVALID_ARGUMENT, 'etcdserver: authentication failed, invalid user ID or password'],
  permissionDenied: [grpc.status.PERMISSION_DENIED, 'etcdserver: permission denied'],
  invalidAuthToken: [grpc.status.UNAUTHENTICATED, 'etcdserver: invalid auth token'],
  tooManyRequests: [grpc.status.RESOURCE_EXHAUSTED, 'etcdserver: too many requests'],
  learnerNotReady: [grpc.status.FAILED_PRECONDITION, 'etcdserver: can only promote a learner member which is in sync with leader'],
} as const satisfies Record<string, readonly [grpc.status, string]>;

export type EtcdErrorKind = keyof typeof ETCD_ERRORS;

/** A failure the etcd API names itself (its message is etcd's, verbatim). */
export class EtcdError extends RaftKvError {
  readonly code = 'RAFTKV_ERR_ETCD';
  constructor(
    readonly kind: EtcdErrorKind,
    options?: ErrorOptions,
  ) {
    super(ETCD_ERRORS[kind][1], options);
  }
}

/** A raftkv feature the etcd API asks for but raftkv does not have; UNIMPLEMENTED with the reason. */
export class EtcdUnsupportedError extends RaftKvError {
  readonly code = 'RAFTKV_ERR_ETCD_UNSUPPORTED';
}

const AUTH_STATE_KINDS: Readonly<Record<AuthStateError['kind'], EtcdErrorKind>> = {
  user_empty: 'userEmpty',
  role_empty: 'roleEmpty',
  user_exists: 'userExists',
  user_not_found: 'userNotFound',
  role_exists: 'roleExists',
  role_not_found: 'roleNotFound',
  role_not_granted: 'roleNotGranted',
  permission_not_granted: 'permissionNotGranted',
  root_user_not_exist: 'rootUserNotExist',
  root_role_not_exist: 'rootRoleNotExist',
  auth_not_enabled: 'authNotEnabled',
  invalid_auth_mgmt: 'invalidAuthMgmt',
  no_password: 'authFailed',
};

/** The raftkv error kinds that are one of etcd's. */
function etcdKindOf(err: unknown): EtcdErrorKind | undefined {
  if (err instanceof EtcdError) return err.kind;
  if (err instanceof AuthStateError) return AUTH_STATE_KINDS[err.kind];
  if (err instanceof UnauthenticatedError) return err.missing ? 'userEmpty' : 'invalidAuthToken';
  if (err instanceof AuthFailedError) return 'authFailed';
  if (err instanceof PermissionDeniedError) return 'permissionDenied';
  if (err instanceof ResponseBudgetError || err instanceof KeepAliveRateError) return 'tooManyRequests';
  if (err instanceof LearnerNotReadyError) return 'learnerNotReady';
  if (err instanceof LeaseNotFoundError) return 'leaseNotFound';
  if (err instanceof LeaseExistsError) return 'leaseExists';
  if (err instanceof CompactedError) return 'compacted';
  if (err instanceof FutureRevisionError) return 'futureRevision';
  if (err instanceof NoSpaceError) return 'noSpace';
  if (err instanceof CorruptError) return 'corrupt';
  if (err instanceof NoLeaderError) return 'noLeader';
  if (err instanceof ShutdownError) return 'stopped';
  // Dropped before commit, e.g. leadership moved: not applied, etcd's retryable "leader changed".
  if (err instanceof NotAttemptedError) return 'leaderChanged';
  if (err instanceof OutcomeUnknownError || err instanceof TimeoutError) return 'timeout';
  // The whole write over raftkv's entry limit; a key or value over its own limit keeps raftkv's message.
  if (err instanceof TooLargeError && err.field === 'request') return 'requestTooLarge';
  return undefined;
}

/** etcd's status for a failed call to an etcd method (path /etcdserverpb.*); undefined for raftkv's own methods. */
export function statusForMethod(path: string, err: unknown): GrpcStatus | undefined {
  return path.startsWith('/etcdserverpb.') ? etcdStatus(err) : undefined;
}

export function etcdStatus(err: unknown): GrpcStatus {
  if (err instanceof EtcdUnsupportedError) {
    const metadata = new grpc.Metadata();
    metadata.set(ERROR_CODE_METADATA_KEY, err.code);
    return { code: grpc.status.UNIMPLEMENTED, details: err.message, metadata };
  }
  const kind = etcdKindOf(err);
  if (kind === undefined) return toGrpcStatus(err);
  const [code, details] = ETCD_ERRORS[kind];
  const metadata = new grpc.Metadata();
  metadata.set(ERROR_CODE_METADATA_KEY, err instanceof RaftKvError ? err.code : 'RAFTKV_ERR_ETCD');
  // etcd's compact revision: the oldest revision still readable (raftkv's history holds those after compactRevision).
  if (err instanceof CompactedError) metadata.set(COMPACT_REVISION_METADATA_KEY, String(err.compactRevision + 1));
  return { code, details, metadata };
}
