// Original file: proto/raftkv/kv/v1/kv.proto

import type { ResponseHeader as _raftkv_kv_v1_ResponseHeader, ResponseHeader__Output as _raftkv_kv_v1_ResponseHeader__Output } from '../../../raftkv/kv/v1/ResponseHeader';
import type { LeaseStatus as _raftkv_kv_v1_LeaseStatus, LeaseStatus__Output as _raftkv_kv_v1_LeaseStatus__Output } from '../../../raftkv/kv/v1/LeaseStatus';

export interface LeaseLeasesResponse {
  'header'?: (_raftkv_kv_v1_ResponseHeader | null);
  'leases'?: (_raftkv_kv_v1_LeaseStatus)[];
}

export interface LeaseLeasesResponse__Output {
  'header': (_raftkv_kv_v1_ResponseHeader__Output | null);
  'leases': (_raftkv_kv_v1_LeaseStatus__Output)[];
}
