// Original file: proto/raftkv/kv/v1/kv.proto

import type { Long } from '@grpc/proto-loader';

/**
 * CompactRequest drops the history before `revision`: it stays readable
 * (Range at that revision, Watch from it), older revisions do not.
 */
export interface CompactRequest {
  /**
   * At most the current revision (else OUT_OF_RANGE, RAFTKV_ERR_FUTURE_REVISION),
   * and newer than the history's start (else OUT_OF_RANGE, RAFTKV_ERR_COMPACTED).
   */
  'revision'?: (number | string | Long);
}

/**
 * CompactRequest drops the history before `revision`: it stays readable
 * (Range at that revision, Watch from it), older revisions do not.
 */
export interface CompactRequest__Output {
  /**
   * At most the current revision (else OUT_OF_RANGE, RAFTKV_ERR_FUTURE_REVISION),
   * and newer than the history's start (else OUT_OF_RANGE, RAFTKV_ERR_COMPACTED).
   */
  'revision': (string);
}
