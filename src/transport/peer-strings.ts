/**
 * Strings a peer sends (cluster id, node ids, member addresses) are small by
 * construction: node ids are at most 63 characters, addresses host:port.
 * Anything far larger is refused when the request is decoded, before it can
 * reach a log line, a status message or a metric label; the refusal names
 * the field and its size, never its content.
 */

/** The largest peer-supplied string accepted, in UTF-8 bytes. */
export const MAX_PEER_STRING_BYTES = 256;

/** The first field over the limit, as a field name and a reason, or undefined when all fit. */
export function overlongPeerString(fields: Iterable<readonly [string, string]>): { readonly field: string; readonly reason: string } | undefined {
  for (const [field, value] of fields) {
    // Cheap first: a UTF-16 code unit is at most 3 UTF-8 bytes.
    if (value.length * 3 <= MAX_PEER_STRING_BYTES) continue;
    const bytes = Buffer.byteLength(value, 'utf8');
    if (bytes > MAX_PEER_STRING_BYTES) return { field, reason: `is ${bytes} bytes, over the limit of ${MAX_PEER_STRING_BYTES} bytes` };
  }
  return undefined;
}
