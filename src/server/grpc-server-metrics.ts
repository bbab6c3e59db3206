/**
 * Client gRPC metrics in go-grpc-prometheus's shape (started, handled by code,
 * handling time), taken by a server interceptor rather than by wrapping our
 * handlers in unary.ts: the interceptor sees every service on the port
 * (health and reflection too, and whatever is added later), every call type,
 * and statuses our handlers never produce (cancellations, deadlines). Labels
 * are bounded: grpc-js answers an unknown method UNIMPLEMENTED before any
 * interceptor runs, so service and method names come only from the services
 * we registered; the client's address is never a label.
 */
import * as grpc from '@grpc/grpc-js';
import { Counter, Histogram, type Registry } from 'prom-client';

const METHOD_LABELS = ['grpc_type', 'grpc_service', 'grpc_method'] as const;
type MethodLabels = Record<(typeof METHOD_LABELS)[number], string>;

/** Go's spelling of the status codes, as go-grpc-prometheus writes them, so existing alerts carry over. */
const GO_CODE_NAMES: Readonly<Record<number, string>> = {
  [grpc.status.OK]: 'OK',
  [grpc.status.CANCELLED]: 'Canceled',
  [grpc.status.UNKNOWN]: 'Unknown',
  [grpc.status.INVALID_ARGUMENT]: 'InvalidArgument',
  [grpc.status.DEADLINE_EXCEEDED]: 'DeadlineExceeded',
  [grpc.status.NOT_FOUND]: 'NotFound',
  [grpc.status.ALREADY_EXISTS]: 'AlreadyExists',
  [grpc.status.PERMISSION_DENIED]: 'PermissionDenied',
  [grpc.status.RESOURCE_EXHAUSTED]: 'ResourceExhausted',
  [grpc.status.FAILED_PRECONDITION]: 'FailedPrecondition',
  [grpc.status.ABORTED]: 'Aborted',
  [grpc.status.OUT_OF_RANGE]: 'OutOfRange',
  [grpc.status.UNIMPLEMENTED]: 'Unimplemented',
  [grpc.status.INTERNAL]: 'Internal',
  [grpc.status.UNAVAILABLE]: 'Unavailable',
  [grpc.status.DATA_LOSS]: 'DataLoss',
  [grpc.status.UNAUTHENTICATED]: 'Unauthenticated',
};

export function goCodeName(code: number): string {
  return GO_CODE_NAMES[code] ?? 'Unknown';
}

export class GrpcServerMetrics {
  readonly #started: Counter<(typeof METHOD_LABELS)[number]>;
  readonly #handled: Counter<(typeof METHOD_LABELS)[number] | 'grpc_code'>;
  readonly #seconds: Histogram<(typeof METHOD_LABELS)[number]>;

  constructor(registers: Registry[]) {
    this.#started = new Counter({
      name: 'raftkv_grpc_server_started_total',
      help: 'Client RPCs started on the server.',
      labelNames: METHOD_LABELS,
      registers,
    });
    this.#handled = new Counter({
      name: 'raftkv_grpc_server_handled_total',
      help: 'Client RPCs completed on the server, by status code.',
      labelNames: [...METHOD_LABELS, 'grpc_code'],
      registers,
    });
    this.#seconds = new Histogram({
      name: 'raftkv_grpc_server_handling_seconds',
      help: 'Time from the start of a client RPC to its status, in seconds.',
      labelNames: METHOD_LABELS,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
  }

  /** Pass in the client server's `interceptors` option. */
  readonly interceptor: grpc.ServerInterceptor = (method, call) => {
    const labels = methodLabels(method);
    this.#started.inc(labels);
    const started = performance.now();
    let finished = false;
    const finish = (code: number): void => {
      if (finished) return;
      finished = true;
      this.#handled.inc({ ...labels, grpc_code: goCodeName(code) });
      this.#seconds.observe(labels, (performance.now() - started) / 1000);
    };
    return new grpc.ServerInterceptingCall(call, {
      // grpc-js ends a call whose deadline passed by cancelling it, without a status through the interceptors.
      start: (next) => next({ onCancel: () => finish(deadlinePassed(call.getDeadline()) ? grpc.status.DEADLINE_EXCEEDED : grpc.status.CANCELLED) }),
      sendStatus: (status, next) => {
        finish(status.code);
        next(status);
      },
    });
  };
}

function methodLabels(method: grpc.ServerMethodDefinition<unknown, unknown>): MethodLabels {
  // path is /package.Service/Method
  const [, service = 'unknown', name = 'unknown'] = method.path.split('/');
  const type = method.requestStream ? (method.responseStream ? 'bidi_stream' : 'client_stream') : method.responseStream ? 'server_stream' : 'unary';
  return { grpc_type: type, grpc_service: service, grpc_method: name };
}

function deadlinePassed(deadline: grpc.Deadline): boolean {
  const ms = deadline instanceof Date ? deadline.getTime() : deadline;
  return Number.isFinite(ms) && ms <= Date.now();
}
