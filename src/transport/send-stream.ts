/**
 * One SendStream call to a peer (raft.proto): batches of Raft messages
 * written one after another without waiting for answers, so a node never
 * holds its next batch for a round trip as one-call-per-batch did. The
 * stream ends with a status only when it breaks (peer gone, connection cut,
 * a batch refused) or when we end it; what was in flight then is lost, as
 * Raft allows, and the owner opens a new stream for what comes next.
 */
import * as grpc from '@grpc/grpc-js';
import { SEND_STREAM_PATH, sendStreamMethod } from './raft-service-definition';

export interface SendStreamHooks {
  /** The peer accepted the stream (its headers arrived): it is reachable. */
  onOpen(): void;
  /** Room again after write() returned false. */
  onDrain(): void;
  /** The stream ended: `err` null when we ended it and the peer agreed. Called once. */
  onEnd(err: grpc.ServiceError | null): void;
}

export class SendStream {
  readonly #call: grpc.ClientWritableStream<Buffer>;
  #ended = false;

  constructor(client: grpc.Client, hooks: SendStreamHooks) {
    this.#call = client.makeClientStreamRequest(
      SEND_STREAM_PATH,
      // Batches arrive encoded (PeerClient encodes them to tell a codec refusal from an unreachable peer).
      (encoded: Buffer) => encoded,
      sendStreamMethod.responseDeserialize,
      new grpc.Metadata(),
      {},
      (err) => {
        this.#ended = true;
        hooks.onEnd(err);
      },
    );
    this.#call.on('metadata', () => hooks.onOpen());
    this.#call.on('drain', () => hooks.onDrain());
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Writes one encoded batch; false when the peer's window is full (wait for onDrain). */
  write(bytes: Buffer): boolean {
    return this.#call.write(bytes);
  }

  /** Ends the stream at once; onEnd follows with CANCELLED. */
  cancel(): void {
    if (!this.#ended) this.#call.cancel();
  }
}
