import type { NodeConfig } from '../config';
import type { RaftByteLimits } from '../raft/config';

/** The core's byte bounds from the --max-*-bytes flags (docs/write-path.md, "Bounds"). */
export function raftLimits(config: NodeConfig): RaftByteLimits {
  return {
    maxAppendBytes: config.maxAppendBytes,
    maxInflightBytes: config.maxInflightBytes,
    maxUncommittedBytes: config.maxUncommittedBytes,
    maxCommittedBytesPerReady: config.maxCommittedBytesPerReady,
  };
}
