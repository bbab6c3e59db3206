/**
 * The key-value operations behind every door: the gRPC KVService handlers
 * and the HTTP/JSON API both call these, so validation, consistency and
 * errors are the same whichever way a client comes in. Requests are the
 * generated __Output shapes (every field present, int64 as decimal strings);
 * failures are raftkv errors (src/errors.ts), mapped to a status by the door.
 */
import type { AuthStamp } from '../kv/command';
import type { CompactRequest__Output } from '../generated/raftkv/kv/v1/CompactRequest';
import type { CompactResponse } from '../generated/raftkv/kv/v1/CompactResponse';
import type { DeleteRequest__Output } from '../generated/raftkv/kv/v1/DeleteRequest';
import type { DeleteResponse } from '../generated/raftkv/kv/v1/DeleteResponse';
import type { GetRequest__Output } from '../generated/raftkv/kv/v1/GetRequest';
import type { GetResponse } from '../generated/raftkv/kv/v1/GetResponse';
import type { PutRequest__Output } from '../generated/raftkv/kv/v1/PutRequest';
import type { PutResponse } from '../generated/raftkv/kv/v1/PutResponse';
import type { RangeRequest__Output } from '../generated/raftkv/kv/v1/RangeRequest';
import type { RangeResponse } from '../generated/raftkv/kv/v1/RangeResponse';
import type { TxnRequest__Output } from '../generated/raftkv/kv/v1/TxnRequest';
import type { TxnResponse } from '../generated/raftkv/kv/v1/TxnResponse';

/**
 * Writes take the AuthStamp the door authorized them with (src/auth): the
 * proposal carries it, so permissions are checked again at apply if the auth
 * state moved meanwhile. Without one (a caller no door checked) nothing is
 * re-checked.
 */
export interface KvApi {
  put(request: PutRequest__Output, deadline: Date, stamp?: AuthStamp): Promise<PutResponse>;
  get(request: GetRequest__Output, deadline: Date): Promise<GetResponse>;
  delete(request: DeleteRequest__Output, deadline: Date, stamp?: AuthStamp): Promise<DeleteResponse>;
  range(request: RangeRequest__Output, deadline: Date): Promise<RangeResponse>;
  txn(request: TxnRequest__Output, deadline: Date, stamp?: AuthStamp): Promise<TxnResponse>;
  /** Drops the history before request.revision on every node, through the log (one CompactCommand). */
  compact(request: CompactRequest__Output, deadline: Date): Promise<CompactResponse>;
}
