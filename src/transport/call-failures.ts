/** Failures of peer calls that grpc-js did not report itself, shaped as grpc-js reports failed calls. */
import * as grpc from '@grpc/grpc-js';

/** A failure seen here rather than answered by grpc-js, in the shape a failed call has. */
export function localFailure(code: grpc.status, details: string): grpc.ServiceError {
  return Object.assign(new Error(details), { code, details, metadata: new grpc.Metadata() });
}

/** grpc-js never calls back with neither error nor value; if it did, the outcome is unknown. */
export function missingResponse(): grpc.ServiceError {
  return localFailure(grpc.status.INTERNAL, 'no response message');
}
