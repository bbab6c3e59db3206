/**
 * Stands in for one message of a stream the caller may not send, on a
 * method that answers such a denial itself instead of ending the stream:
 * etcd's Watch, where a create request for keys the user may not read is
 * answered by a watch created and at once canceled ("etcdserver: permission
 * denied") while the stream's other watches go on (etcd's isWatchPermitted).
 */
export class DeniedMessage {
  constructor(
    /** The message as received (the handler may need its fields to answer). */
    readonly message: unknown,
    /** Why it was refused: a PermissionDeniedError. */
    readonly reason: Error,
  ) {}
}

/** Methods whose handlers answer a PERMISSION_DENIED message themselves (see above). */
export const ANSWERS_DENIED_MESSAGES: ReadonlySet<string> = new Set(['/etcdserverpb.Watch/Watch']);
