/**
 * The wire form of a ConfChange inside an EntryType.ConfChange entry. The
 * core must read these entries (the configuration takes effect when the entry
 * is appended, see docs/membership.md), so the format lives here, small and
 * self-contained: no imports beyond the types, only the global TextEncoder and
 * TextDecoder.
 *
 *   byte 0        format version (1)
 *   byte 1        type: 1 AddVoter, 2 AddLearner, 3 RemoveNode, 4 PromoteLearner
 *   bytes 2..3    length n of the node id in UTF-8, big-endian
 *   bytes 4..4+n  the node id
 *   the rest      context (opaque, possibly empty)
 */
import { ConfChangeError } from '../errors';
import { ConfChangeType, type ConfChange } from '../types';

const VERSION = 1;
const TYPE_CODES: readonly ConfChangeType[] = [
  ConfChangeType.AddVoter,
  ConfChangeType.AddLearner,
  ConfChangeType.RemoveNode,
  ConfChangeType.PromoteLearner,
];
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function encodeConfChange(cc: ConfChange): Uint8Array {
  const code = TYPE_CODES.indexOf(cc.type) + 1;
  if (code === 0) throw new ConfChangeError(`unknown conf change type ${String(cc.type)}`);
  const id = encoder.encode(cc.nodeId);
  if (id.length === 0 || id.length > 0xffff) throw new ConfChangeError(`node id must be 1..65535 bytes, got ${id.length}`);
  const ctx = cc.context ?? new Uint8Array(0);
  const out = new Uint8Array(4 + id.length + ctx.length);
  out[0] = VERSION;
  out[1] = code;
  out[2] = id.length >>> 8;
  out[3] = id.length & 0xff;
  out.set(id, 4);
  out.set(ctx, 4 + id.length);
  return out;
}

/** Throws ConfChangeError when `data` is not a ConfChange this version wrote. */
export function decodeConfChange(data: Uint8Array): ConfChange {
  if (data.length < 4 || data[0] !== VERSION) throw new ConfChangeError(`bad conf change encoding (${data.length} bytes, version ${data[0] ?? '-'})`);
  const type = TYPE_CODES[(data[1] ?? 0) - 1];
  if (type === undefined) throw new ConfChangeError(`bad conf change type code ${data[1] ?? '-'}`);
  const n = ((data[2] ?? 0) << 8) | (data[3] ?? 0);
  if (n === 0 || 4 + n > data.length) throw new ConfChangeError(`bad conf change node id length ${n}`);
  let nodeId: string;
  try {
    nodeId = decoder.decode(data.subarray(4, 4 + n));
  } catch (e) {
    throw new ConfChangeError('conf change node id is not UTF-8', { cause: e });
  }
  const context = data.slice(4 + n);
  return context.length > 0 ? { type, nodeId, context } : { type, nodeId };
}
