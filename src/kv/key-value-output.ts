/** Records in the generated kv.proto shapes that command results carry. */
import type { KeyValue__Output } from '../generated/raftkv/kv/v1/KeyValue';
import type { KeyValueRecord } from './records';

export function keyValueOutput(r: KeyValueRecord): KeyValue__Output {
  return {
    key: r.key,
    value: Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength),
    create_revision: String(r.createRevision),
    mod_revision: String(r.modRevision),
    version: String(r.version),
    lease: r.lease,
  };
}
