/**
 * A server call that passes everything to the call below it: the base for
 * interceptors that must answer a call themselves from inside onReceiveMessage
 * (response-budget.ts, keepalive-rate-limit.ts). grpc-js's own
 * ServerInterceptingCall holds back a status sent while its listener has not
 * passed the current message on, so a call that refuses a message of a
 * stream must sit below it, where the message has already been handed over.
 */
import type * as grpc from '@grpc/grpc-js';

export type CallListener = Parameters<grpc.ServerInterceptingCallInterface['start']>[0];
export type CallStatus = Parameters<grpc.ServerInterceptingCallInterface['sendStatus']>[0];

export class DelegatingCall implements grpc.ServerInterceptingCallInterface {
  constructor(protected readonly next: grpc.ServerInterceptingCallInterface) {}

  start(listener: CallListener): void {
    this.next.start(listener);
  }

  sendMessage(message: unknown, callback: () => void): void {
    this.next.sendMessage(message, callback);
  }

  sendMetadata(metadata: grpc.Metadata): void {
    this.next.sendMetadata(metadata);
  }

  sendStatus(status: CallStatus): void {
    this.next.sendStatus(status);
  }

  startRead(): void {
    this.next.startRead();
  }

  getPeer(): string {
    return this.next.getPeer();
  }

  getDeadline(): grpc.Deadline {
    return this.next.getDeadline();
  }

  getHost(): string {
    return this.next.getHost();
  }

  getAuthContext(): ReturnType<grpc.ServerInterceptingCallInterface['getAuthContext']> {
    return this.next.getAuthContext();
  }

  getConnectionInfo(): ReturnType<grpc.ServerInterceptingCallInterface['getConnectionInfo']> {
    return this.next.getConnectionInfo();
  }

  getMetricsRecorder(): ReturnType<grpc.ServerInterceptingCallInterface['getMetricsRecorder']> {
    return this.next.getMetricsRecorder();
  }
}
