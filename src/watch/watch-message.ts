/**
 * What a watcher hands its transport, one WatchResponse each, and how events
 * are cut into them: in revision order, never splitting a revision, and of a
 * bounded size where a revision allows it.
 *
 * Every message carries `revision`, the point of the revision sequence the
 * watcher has reached once the message is sent: every matching event at or
 * below it was sent, and the next event's revision is above it. That is
 * header.revision on the wire.
 */
import type { WatchEvent } from '../kv/records';

export type WatchMessage =
  /** The first message: events after `revision` follow. */
  | { readonly kind: 'created'; readonly revision: number }
  | { readonly kind: 'events'; readonly revision: number; readonly events: readonly WatchEvent[] }
  /** The watch is idle: nothing to send up to `revision`. */
  | { readonly kind: 'progress'; readonly revision: number };

/** A message's cost against a watcher's backlog cap; an estimate of its encoded size. */
export interface SizedMessage {
  readonly message: WatchMessage;
  readonly bytes: number;
}

/** Fixed protobuf framing and metadata of one event (type, revisions, version, lease), over-estimated. */
const EVENT_OVERHEAD_BYTES = 64;
/** A message without events (created, progress): header only. */
export const HEADER_ONLY_BYTES = 64;

/** Estimated encoded size of one event as sent (with its prev_kv only when the watcher asked). */
export function eventBytes(event: WatchEvent, withPrevKv: boolean): number {
  let bytes = EVENT_OVERHEAD_BYTES + Buffer.byteLength(event.kv.key, 'utf8') + event.kv.value.byteLength;
  if (withPrevKv && event.prevKv !== undefined) {
    bytes += EVENT_OVERHEAD_BYTES + Buffer.byteLength(event.prevKv.key, 'utf8') + event.prevKv.value.byteLength;
  }
  return bytes;
}

/** The event as the watcher sends it: prev_kv is always recorded, but only sent when asked. */
export function asSent(event: WatchEvent, withPrevKv: boolean): WatchEvent {
  if (withPrevKv || event.prevKv === undefined) return event;
  return { type: event.type, revision: event.revision, kv: event.kv };
}

/**
 * Cuts events (in revision order, already filtered to the watcher's keys)
 * into messages of about maxBytes at most, cutting only between revisions:
 * a message may pass maxBytes by its last revision, and a revision larger
 * than maxBytes goes alone. The last
 * message covers through `through` (>= the last event's revision); the
 * others through their own last event. No events, no messages.
 */
export function packEvents(events: readonly WatchEvent[], through: number, withPrevKv: boolean, maxBytes: number): SizedMessage[] {
  const out: SizedMessage[] = [];
  let current: WatchEvent[] = [];
  let currentBytes = HEADER_ONLY_BYTES;
  const flush = (revision: number): void => {
    out.push({ message: { kind: 'events', revision, events: current }, bytes: currentBytes });
    current = [];
    currentBytes = HEADER_ONLY_BYTES;
  };
  for (let i = 0; i < events.length; i += 1) {
    const event = events[i]!;
    const bytes = eventBytes(event, withPrevKv);
    const previous = current[current.length - 1];
    // Cut only where a new revision begins, so the cap is soft by up to one revision.
    if (previous !== undefined && previous.revision !== event.revision && currentBytes + bytes > maxBytes) flush(previous.revision);
    current.push(asSent(event, withPrevKv));
    currentBytes += bytes;
  }
  if (current.length > 0) flush(through);
  return out;
}
