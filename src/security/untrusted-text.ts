/**
 * Text a remote party chose (a peer's cluster id or node id, a certificate
 * subject) ends up in status messages and log lines. It is cut to a fixed
 * size and stripped of control characters first, so a peer cannot flood the
 * logs or forge log lines.
 */

/** The longest peer-supplied string echoed anywhere, in UTF-16 code units. */
export const MAX_ECHOED_CHARS = 64;

export function boundedForLog(text: string, max = MAX_ECHOED_CHARS): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return clean.length <= max ? clean : `${clean.slice(0, max)}...(${text.length} chars)`;
}
