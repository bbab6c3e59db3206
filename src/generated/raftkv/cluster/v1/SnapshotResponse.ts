// Original file: proto/raftkv/cluster/v1/cluster.proto


export interface SnapshotResponse {
  /**
   * The next bytes of the backup file; concatenated in order they are the file.
   */
  'blob'?: (Buffer | Uint8Array | string);
}

export interface SnapshotResponse__Output {
  /**
   * The next bytes of the backup file; concatenated in order they are the file.
   */
  'blob': (Buffer);
}
