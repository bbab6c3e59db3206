import * as grpc from '@grpc/grpc-js';
import {
  ClusterMismatchError,
  PeerNotAllowedError,
  ConfigError,
  FailedPreconditionError,
  InvalidArgumentError,
  LeaseExistsError,
  LeaseNotFoundError,
  NoLeaderError,
  NotAttemptedError,
  OutcomeUnknownError,
  OverloadedError,
  ProposalDroppedError,
  RaftKvError,
  ShutdownError,
  TimeoutError,
  TooLargeError,
} from '../../src/errors';
import {
  ERROR_CODE_METADATA_KEY,
  LEADER_METADATA_KEY,
  fromGrpcError,
  toGrpcStatus,
} from '../../src/grpc-status';

/** What a client receives for a status: the ServiceError grpc-js builds from it. */
function serviceError(code: grpc.status, details: string, metadata = new grpc.Metadata()): grpc.ServiceError {
  return Object.assign(new Error(`${code} ${grpc.status[code]}: ${details}`), { code, details, metadata });
}

describe('toGrpcStatus: the one mapping of errors to gRPC status', () => {
  it.each<[string, unknown, grpc.status, RegExp]>([
    ['bad input', new InvalidArgumentError('key', 'must not be empty'), grpc.status.INVALID_ARGUMENT, /^key: must not be empty$/],
    ['too large', new TooLargeError('value', 2000, 1024), grpc.status.INVALID_ARGUMENT, /value is 2000 bytes, over the limit of 1024 bytes/],
    ['no leader', new NoLeaderError(), grpc.status.UNAVAILABLE, /not applied and is safe to retry/],
    ['shutting down', new ShutdownError(), grpc.status.UNAVAILABLE, /shutting down; the write was not applied/],
    ['a dropped proposal', new ProposalDroppedError('not the leader', 'n2'), grpc.status.UNAVAILABLE, /not applied and is safe to retry/],
    ['an unknown outcome', new OutcomeUnknownError('leadership lost'), grpc.status.UNAVAILABLE, /outcome unknown/],
    ['a write timeout', new TimeoutError('deadline exceeded before commit; outcome unknown'), grpc.status.DEADLINE_EXCEEDED, /outcome unknown/],
    ['another cluster', new ClusterMismatchError('cluster "b" is not "a"'), grpc.status.FAILED_PRECONDITION, /"b".*"a"/],
    ['a peer this node does not talk to', new PeerNotAllowedError('x is not a member'), grpc.status.PERMISSION_DENIED, /x is not a member/],
    ['a lease id in use', new LeaseExistsError('42'), grpc.status.ALREADY_EXISTS, /^lease 42 already exists/],
    ['an overloaded leader', new OverloadedError('the leader holds 64 uncommitted bytes'), grpc.status.RESOURCE_EXHAUSTED, /not applied and is safe to retry/],
  ])('maps %s to its status with the error message as details', (_name, err, code, details) => {
    const status = toGrpcStatus(err);
    expect(status.code).toBe(code);
    expect(status.details).toMatch(details);
    expect(status.metadata.get(ERROR_CODE_METADATA_KEY)).toEqual([(err as RaftKvError).code]);
  });

  it('rebuilds an overloaded leader\'s refusal on a forwarding follower as the same not-applied RESOURCE_EXHAUSTED', () => {
    const sent = toGrpcStatus(new OverloadedError('the leader holds 70000000 uncommitted bytes, at --max-uncommitted-bytes 67108864'));
    const rebuilt = fromGrpcError(serviceError(sent.code, sent.details, sent.metadata));
    expect(rebuilt).toBeInstanceOf(OverloadedError);
    expect(rebuilt.message).toBe(sent.details);
    expect(toGrpcStatus(rebuilt).code).toBe(grpc.status.RESOURCE_EXHAUSTED);
  });

  it('puts the leader hint of a not-attempted error in the trailing metadata, and only when known', () => {
    expect(toGrpcStatus(new ProposalDroppedError('not the leader', 'n2')).metadata.get(LEADER_METADATA_KEY)).toEqual(['n2']);
    expect(toGrpcStatus(new NoLeaderError()).metadata.get(LEADER_METADATA_KEY)).toEqual([]);
  });

  it.each<[string, unknown]>([
    ['an Error', new TypeError('cannot read properties of undefined (reading "x")')],
    ['a string', 'boom'],
    ['undefined', undefined],
    ['a raftkv error with no mapping', new ConfigError(['--port: not a number'])],
  ])('answers %s with INTERNAL "internal error", never its message or stack', (_name, err) => {
    const status = toGrpcStatus(err);
    expect(status.code).toBe(grpc.status.INTERNAL);
    expect(status.details).toBe('internal error');
    expect(status.metadata.get(ERROR_CODE_METADATA_KEY)).toEqual(['RAFTKV_ERR_INTERNAL']);
  });
});

describe('fromGrpcError: what a forwarding client makes of a failed call', () => {
  it.each<[string, RaftKvError]>([
    ['InvalidArgumentError', new InvalidArgumentError('key', 'must not be empty')],
    ['TooLargeError', new TooLargeError('value', 2000, 1024)],
    ['NotAttemptedError', new NotAttemptedError('queue full', 'n3')],
    ['NoLeaderError', new NoLeaderError()],
    ['ShutdownError', new ShutdownError()],
    ['ProposalDroppedError', new ProposalDroppedError('not the leader', 'n2')],
    ['OutcomeUnknownError', new OutcomeUnknownError('leadership lost')],
    ['TimeoutError', new TimeoutError('deadline exceeded; outcome unknown')],
    ['ClusterMismatchError', new ClusterMismatchError('cluster "b" is not "a"')],
    ['PeerNotAllowedError', new PeerNotAllowedError('x is not a member')],
    ['LeaseNotFoundError', new LeaseNotFoundError('9223372036854775807')],
    ['LeaseExistsError', new LeaseExistsError('42')],
  ])('rebuilds %s from its status, so the follower answers exactly as the leader did', (name, original) => {
    const status = toGrpcStatus(original);
    const rebuilt = fromGrpcError(serviceError(status.code, status.details, status.metadata));
    expect(rebuilt.constructor.name).toBe(name);
    expect(rebuilt.message).toBe(original.message);
    expect(toGrpcStatus(rebuilt)).toEqual(status);
    if (original instanceof TooLargeError) expect(rebuilt).toMatchObject({ field: 'value', size: 2000, limit: 1024 });
  });

  it('treats a leader INTERNAL as outcome unknown: it may have proposed before failing', () => {
    const status = toGrpcStatus(new Error('bug'));
    expect(fromGrpcError(serviceError(status.code, status.details, status.metadata))).toBeInstanceOf(OutcomeUnknownError);
  });

  it.each([
    'No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:1. Resolution note: ',
    'Channel closed before call started',
    'Name resolution failed for target dns:nowhere.invalid:50052',
  ])('calls a transport failure that never left the client not attempted: %s', (details) => {
    const err = fromGrpcError(serviceError(grpc.status.UNAVAILABLE, details));
    expect(err).toBeInstanceOf(NotAttemptedError);
    expect(err.message).toMatch(/safe to retry/);
  });

  it('calls an unimplemented method not attempted: no handler ran', () => {
    expect(fromGrpcError(serviceError(grpc.status.UNIMPLEMENTED, 'The server does not implement the method'))).toBeInstanceOf(
      NotAttemptedError,
    );
  });

  it.each<[grpc.status, string]>([
    [grpc.status.UNAVAILABLE, 'Connection dropped'],
    [grpc.status.INTERNAL, 'Received RST_STREAM with code 2 (Internal server error)'],
    [grpc.status.CANCELLED, 'Cancelled on client'],
    [grpc.status.UNKNOWN, 'something new'],
  ])('calls any other failure without our metadata outcome unknown (%s %s)', (code, details) => {
    const err = fromGrpcError(serviceError(code, details));
    expect(err).toBeInstanceOf(OutcomeUnknownError);
    expect(err.message).toContain(details);
  });

  it('calls a deadline without our metadata a timeout whose outcome is unknown', () => {
    const err = fromGrpcError(serviceError(grpc.status.DEADLINE_EXCEEDED, 'Deadline exceeded after 5.001s,remote_addr=127.0.0.1:50052'));
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.message).toMatch(/outcome unknown/);
    expect(toGrpcStatus(err).code).toBe(grpc.status.DEADLINE_EXCEEDED);
  });

  it('names the limit when a message was too large for the channel', () => {
    const err = fromGrpcError(serviceError(grpc.status.RESOURCE_EXHAUSTED, 'Sent message larger than max (5000000 vs. 4194304)'));
    expect(err).toBeInstanceOf(TooLargeError);
    expect(err.message).toMatch(/limit of 4194304 bytes/);
  });

  it('does not trust an error code it does not know', () => {
    const metadata = new grpc.Metadata();
    metadata.set(ERROR_CODE_METADATA_KEY, 'RAFTKV_ERR_FROM_THE_FUTURE');
    expect(fromGrpcError(serviceError(grpc.status.UNAVAILABLE, 'x', metadata))).toBeInstanceOf(OutcomeUnknownError);
  });
});

describe('FailedPreconditionError', () => {
  it('maps to FAILED_PRECONDITION with the leader hint, and a forwarding follower rebuilds it', () => {
    const status = toGrpcStatus(new FailedPreconditionError('node n2 is not the leader; send the transfer to the leader n1', 'n1'));
    expect(status.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(status.metadata.get(LEADER_METADATA_KEY)).toEqual(['n1']);
    const rebuilt = fromGrpcError(serviceError(status.code, status.details, status.metadata));
    expect(rebuilt).toBeInstanceOf(FailedPreconditionError);
    expect(rebuilt.message).toBe('node n2 is not the leader; send the transfer to the leader n1');
    expect(toGrpcStatus(rebuilt).code).toBe(grpc.status.FAILED_PRECONDITION);
  });
});
