/**
 * Calls any client RPC of a node by its path (/package.Service/Method), with
 * an optional token in the `token` metadata key, and reports the outcome as
 * a user sees it: OK with the response, or the status code and message.
 * Streams are opened, sent one request, and judged by their first answer.
 */
import * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import { clientProtos } from '../../src/server/client-protos';

export interface Outcome {
  readonly code: grpc.status;
  readonly details: string;
  readonly response?: unknown;
}

/** The method definition behind a path (/package.Service/Method). */
export function methodOf(path: string): MethodDefinition<object, object> {
  const [, service, method] = /^\/(.+)\/([^/]+)$/.exec(path) ?? [];
  const def = clientProtos().definition[service ?? ''] as Record<string, MethodDefinition<object, object>> | undefined;
  const m = def?.[method ?? ''];
  if (m === undefined) throw new Error(`no method ${path}`);
  return m;
}

export class GrpcCaller {
  readonly #client: grpc.Client;

  constructor(address: string, credentials = grpc.credentials.createInsecure()) {
    this.#client = new grpc.Client(address, credentials);
  }

  close(): void {
    this.#client.close();
  }

  /** A unary call, or a stream's first answer (the stream is then cancelled). */
  call(path: string, request: object, token?: string, timeoutMs = 10_000): Promise<Outcome> {
    const m = methodOf(path);
    const metadata = new grpc.Metadata();
    if (token !== undefined) metadata.set('token', token);
    const options = { deadline: Date.now() + timeoutMs };
    return new Promise((resolve) => {
      const settle = (err: grpc.ServiceError | null, response?: unknown): void =>
        resolve(err ? { code: err.code, details: err.details } : { code: grpc.status.OK, details: '', response });
      if (!m.requestStream && !m.responseStream) {
        this.#client.makeUnaryRequest(path, m.requestSerialize, m.responseDeserialize, request, metadata, options, settle);
        return;
      }
      let stream: grpc.ClientReadableStream<unknown>;
      if (m.requestStream) {
        const duplex = this.#client.makeBidiStreamRequest(path, m.requestSerialize, m.responseDeserialize, metadata, options);
        duplex.write(request);
        stream = duplex;
      } else {
        stream = this.#client.makeServerStreamRequest(path, m.requestSerialize, m.responseDeserialize, request, metadata, options);
      }
      let done = false;
      stream.on('data', (response: unknown) => {
        if (done) return;
        done = true;
        settle(null, response);
        stream.cancel();
      });
      stream.on('error', (err: grpc.ServiceError) => {
        if (done) return;
        done = true;
        settle(err);
      });
    });
  }
}
