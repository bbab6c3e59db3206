/**
 * Bytes a client sent that do not decode as the request message are bad
 * input, INVALID_ARGUMENT, but grpc-js answers a throwing deserializer with
 * INTERNAL. So the client services' deserializers never throw: a failure
 * yields an UndecodableRequest, and one server interceptor answers it with
 * INVALID_ARGUMENT naming the message, before any handler sees it.
 */
import * as grpc from '@grpc/grpc-js';
import { InvalidArgumentError, errorMessage } from '../errors';
import { toGrpcStatus } from '../grpc-status';

/** Stands in for a request message that did not decode. */
export class UndecodableRequest {
  constructor(
    readonly messageName: string,
    readonly reason: string,
  ) {}
}

/** The request message's name, from proto-loader's method definition when it has one. */
function requestName(method: grpc.MethodDefinition<unknown, unknown>): string {
  const typed = method as { requestType?: { type?: { name?: unknown } } };
  const name = typed.requestType?.type?.name;
  return typeof name === 'string' ? name : method.path;
}

/** The service with every request deserializer made non-throwing (see above). */
export function withUndecodableRequests<S extends grpc.ServiceDefinition>(service: S): S {
  const wrapped: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const [name, method] of Object.entries(service) as [string, grpc.MethodDefinition<unknown, unknown>][]) {
    const messageName = requestName(method);
    wrapped[name] = {
      ...method,
      requestDeserialize: (bytes: Buffer): unknown => {
        try {
          return method.requestDeserialize(bytes);
        } catch (err) {
          return new UndecodableRequest(messageName, errorMessage(err));
        }
      },
    };
  }
  return wrapped as S;
}

/**
 * Answers an UndecodableRequest with INVALID_ARGUMENT. Listed after the
 * metrics interceptor, so the status still passes through it and is counted.
 */
export const rejectUndecodableRequests: grpc.ServerInterceptor = (_method, call) =>
  new grpc.ServerInterceptingCall(call, {
    start: (next) =>
      next({
        onReceiveMessage: (message, nextMessage) => {
          if (!(message instanceof UndecodableRequest)) return nextMessage(message);
          const status = toGrpcStatus(new InvalidArgumentError(message.messageName, `cannot be decoded (${message.reason})`));
          call.sendStatus({ code: status.code, details: status.details, metadata: status.metadata });
        },
      }),
  });
