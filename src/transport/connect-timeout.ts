/**
 * grpc-js puts no time limit on connecting: a TCP connect whose SYNs go
 * unanswered (a peer rescheduled onto an address no host answers yet, a
 * partition that drops packets) lasts the kernel's SYN retries, about two
 * minutes, and the channel tries nothing else meanwhile; every call on it
 * just runs out its deadline. Kubernetes brings a pod back in seconds, so
 * the leader kept failing to reach it long after it answered (issue #15).
 *
 * watchConnectAttempts reports a channel that stays CONNECTING longer than
 * timeoutMs; the owner then replaces the channel (with its own subchannel
 * pool, so the replacement dials a new socket instead of sharing the stuck one).
 */
import * as grpc from '@grpc/grpc-js';

/**
 * Calls onTimeout (once) when the channel has been CONNECTING for timeoutMs
 * without reaching another state. Returns a function that stops watching;
 * watching also ends when the channel shuts down.
 */
export function watchConnectAttempts(channel: grpc.ChannelInterface, timeoutMs: number, onTimeout: () => void): () => void {
  let stopped = false;
  const watch = (): void => {
    if (stopped) return;
    const state = channel.getConnectivityState(false);
    if (state === grpc.connectivityState.SHUTDOWN) return;
    const connecting = state === grpc.connectivityState.CONNECTING;
    channel.watchConnectivityState(state, connecting ? Date.now() + timeoutMs : Infinity, (err) => {
      if (stopped) return;
      if (err !== undefined && channel.getConnectivityState(false) === grpc.connectivityState.CONNECTING) {
        stopped = true;
        onTimeout();
        return;
      }
      watch();
    });
  };
  watch();
  return () => {
    stopped = true;
  };
}
