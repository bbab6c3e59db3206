import * as grpc from '@grpc/grpc-js';
import { mayRetryRead, mayRetryWrite } from '../../../src/cli/kv-client';

/** A failed call as grpc-js reports it: from a raftkv handler (with its error code) or from the transport. */
function failure(code: grpc.status, details: string, errorCode?: string): grpc.ServiceError {
  const metadata = new grpc.Metadata();
  if (errorCode !== undefined) metadata.set('raftkv-error-code', errorCode);
  return Object.assign(new Error(details), { code, details, metadata });
}

describe('kvctl endpoint failover: which failures may be sent to the next endpoint', () => {
  it.each([
    ['no connection before the request left', failure(grpc.status.UNAVAILABLE, 'No connection established. Last error: connect ECONNREFUSED')],
    ['a node with no leader', failure(grpc.status.UNAVAILABLE, 'no leader is known', 'RAFTKV_ERR_NO_LEADER')],
    ['a node shutting down', failure(grpc.status.UNAVAILABLE, 'the node is shutting down', 'RAFTKV_ERR_SHUTDOWN')],
    ['a dropped proposal', failure(grpc.status.UNAVAILABLE, 'dropped', 'RAFTKV_ERR_PROPOSAL_DROPPED')],
    ['a not-attempted forward', failure(grpc.status.UNAVAILABLE, 'not attempted', 'RAFTKV_ERR_NOT_ATTEMPTED')],
  ])('a write is retried elsewhere after %s: it was provably not applied', (_what, err) => {
    expect(mayRetryWrite(err)).toBe(true);
    expect(mayRetryRead(err)).toBe(true);
  });

  it.each([
    ['an outcome-unknown answer', failure(grpc.status.UNAVAILABLE, 'outcome unknown', 'RAFTKV_ERR_OUTCOME_UNKNOWN')],
    ['a connection lost mid-call', failure(grpc.status.UNAVAILABLE, 'Connection dropped')],
    ['a deadline', failure(grpc.status.DEADLINE_EXCEEDED, 'Deadline exceeded')],
    ['a timeout answer', failure(grpc.status.DEADLINE_EXCEEDED, 'timed out', 'RAFTKV_ERR_TIMEOUT')],
  ])('a write is never retried after %s: it may have been applied', (_what, err) => {
    expect(mayRetryWrite(err)).toBe(false);
    // A read changes nothing: asking another node is always safe.
    expect(mayRetryRead(err)).toBe(true);
  });

  it.each([
    ['a bad request', failure(grpc.status.INVALID_ARGUMENT, 'key: empty', 'RAFTKV_ERR_INVALID_ARGUMENT')],
    ['a missing lease', failure(grpc.status.NOT_FOUND, 'lease 5 not found', 'RAFTKV_ERR_LEASE_NOT_FOUND')],
    ['an internal error', failure(grpc.status.INTERNAL, 'internal error', 'RAFTKV_ERR_INTERNAL')],
  ])('nothing is retried after %s: every node would answer the same', (_what, err) => {
    expect(mayRetryWrite(err)).toBe(false);
    expect(mayRetryRead(err)).toBe(false);
  });

  it('a read moves on from a member whose state diverged (DATA_LOSS, its CORRUPT alarm); a write gets no such retry', () => {
    const corrupt = failure(grpc.status.DATA_LOSS, "corrupt member: member n3 holds a state that differs from the cluster's", 'RAFTKV_ERR_CORRUPT');
    expect(mayRetryRead(corrupt)).toBe(true);
    expect(mayRetryWrite(corrupt)).toBe(false);
  });

  it('a non-gRPC error is never retried', () => {
    expect(mayRetryWrite(new Error('boom'))).toBe(false);
    expect(mayRetryRead(new Error('boom'))).toBe(false);
  });
});
