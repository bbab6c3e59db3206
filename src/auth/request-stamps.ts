/**
 * The AuthStamp each request was authorized with, from the door that checked
 * it to the handler that proposes it: the authorization interceptor records
 * it against the decoded request message (the object the handler receives),
 * the handler reads it back. A WeakMap, so a request's stamp goes with it.
 */
import type { AuthStamp } from '../kv/command';

const stamps = new WeakMap<object, AuthStamp>();

export function stampRequest(request: unknown, stamp: AuthStamp): void {
  if (typeof request === 'object' && request !== null) stamps.set(request, stamp);
}

/** The stamp recorded for `request`; undefined when no door checked it (a test calling a handler directly). */
export function stampOf(request: unknown): AuthStamp | undefined {
  return typeof request === 'object' && request !== null ? stamps.get(request) : undefined;
}
