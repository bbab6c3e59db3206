/**
 * `kvctl --user`: a token per endpoint, since a raftkv node knows only the
 * tokens it issued itself. The first call to an endpoint authenticates
 * there (raftkv.auth.v1.AuthService/Authenticate); a client interceptor puts
 * the token in the `token` metadata key of every call and stream on that
 * endpoint. A token refused later (expired, node restarted) is dropped, so
 * the next call authenticates again.
 */
import * as grpc from '@grpc/grpc-js';
import type { AuthServiceClient } from '../generated/raftkv/auth/v1/AuthService';
import type { AuthenticateResponse__Output } from '../generated/raftkv/auth/v1/AuthenticateResponse';

export interface UserCredentials {
  readonly name: string;
  readonly password: string;
}

export class EndpointToken {
  #token: Promise<string> | undefined;

  constructor(
    private readonly auth: AuthServiceClient,
    private readonly user: UserCredentials,
    private readonly timeoutMs: number,
  ) {}

  get(): Promise<string> {
    this.#token ??= new Promise<string>((resolve, reject) => {
      this.auth.Authenticate({ name: this.user.name, password: this.user.password }, { deadline: Date.now() + this.timeoutMs }, (err: grpc.ServiceError | null, res?: AuthenticateResponse__Output) =>
        err ? reject(err) : resolve(res?.token ?? ''),
      );
    }).catch((err: unknown) => {
      this.#token = undefined;
      throw err;
    });
    return this.#token;
  }

  /** Forgets the token, so the next call authenticates again. */
  drop(): void {
    this.#token = undefined;
  }

  /** Adds the token to every call; a failed Authenticate fails the call with its own status (e.g. wrong password). */
  interceptor(): grpc.Interceptor {
    return (options, nextCall) =>
      new grpc.InterceptingCall(nextCall(options), {
        start: (metadata, listener, next) => {
          this.get().then(
            (token) => {
              metadata.set('token', token);
              next(metadata, listener);
            },
            (err: Partial<grpc.ServiceError>) =>
              listener.onReceiveStatus({
                code: err.code ?? grpc.status.UNAUTHENTICATED,
                details: err.details ?? (err instanceof Error ? err.message : String(err)),
                metadata: err.metadata ?? new grpc.Metadata(),
              }),
          );
        },
      });
  }
}
