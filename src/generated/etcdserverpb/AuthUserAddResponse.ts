// Original file: proto/etcd/etcdserverpb/rpc.proto

import type { ResponseHeader as _etcdserverpb_ResponseHeader, ResponseHeader__Output as _etcdserverpb_ResponseHeader__Output } from '../etcdserverpb/ResponseHeader';

export interface AuthUserAddResponse {
  'header'?: (_etcdserverpb_ResponseHeader | null);
}

export interface AuthUserAddResponse__Output {
  'header': (_etcdserverpb_ResponseHeader__Output | null);
}
