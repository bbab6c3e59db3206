import type { Message } from '../../../src/raft/types';
import type { Transport } from '../../../src/transport/transport';

/** A transport that only records what the node sends (tests deliver replies by hand). */
export function recordingTransport(): { transport: Transport; sent: Message[] } {
  const sent: Message[] = [];
  const transport: Transport = {
    send: (msgs) => sent.push(...msgs),
    propose: () => Promise.reject(new Error('unused')),
    proposeConfChange: () => Promise.reject(new Error('unused')),
    setPeers: () => undefined,
    close: async () => undefined,
  };
  return { transport, sent };
}

/** A logger that drops everything. */
export const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
