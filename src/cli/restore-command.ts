/**
 * `raftkv restore <file> [node flags]`: prepares this member's data dir of a
 * new cluster from a backup (src/storage/backup-restore.ts). It takes the
 * very flags (or RAFTKV_* variables) the node will then run with, so the
 * --id, --peers (or the DNS form: --discovery=dns and the pod hostname),
 * --data-dir and --initial-cluster-token (or --cluster-id) of the restore
 * and of the node cannot differ. The restored members derive their cluster
 * id as a new cluster's members do (src/discovery/cluster-id.ts).
 */
import { createReadStream } from 'node:fs';
import { BackupFormatError } from '../codec/backup-format';
import { parseConfig, usage } from '../config';
import { ConfigError, InvalidArgumentError, errorMessage } from '../errors';
import { deriveClusterId } from '../discovery/cluster-id';
import { restoreBackup } from '../storage/backup-restore';

export const RESTORE_USAGE = `usage: raftkv restore <backup-file> --id ID --peers id=host:peerPort,... --initial-cluster-token NEW_TOKEN --data-dir DIR [node flags]
       raftkv restore <backup-file> --discovery=dns --initial-cluster-size N --initial-cluster-token NEW_TOKEN [node flags]

Writes the data dir of one member of a NEW cluster holding exactly the backup's keys, leases and revision
(a file from "kvctl snapshot save"). Run it for every member, each with its own --id and data dir and the
same --peers and --initial-cluster-token, then start the members with those same flags. The cluster id
(derived from the peers and the token, or set with --cluster-id) must differ from the backup's: a restored
cluster never exchanges messages with the one it was copied from; a new token gives a new id.
The data dir must be missing or empty. The backup's checksum is verified before anything is kept.

Example:
  raftkv restore backup.rkv --id n1 --peers n1=10.0.0.1:50052,n2=10.0.0.2:50052,n3=10.0.0.3:50052 \\
    --initial-cluster-token restored-1 --data-dir /var/lib/raftkv/n1

Exit codes: 0 restored, 1 the backup is damaged or unreadable (nothing written),
2 usage error (bad flags, non-empty data dir, the backup's own cluster id).
`;

export async function runRestore(argv: readonly string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const [file, ...flags] = argv;
  if (file === undefined || file === '--help' || file === '-h' || argv.includes('--help')) {
    out(RESTORE_USAGE);
    return file === undefined ? 2 : 0;
  }
  if (file.startsWith('-')) {
    err(`raftkv restore: the backup file comes first, before the flags\n\n${RESTORE_USAGE}`);
    return 2;
  }
  let config;
  try {
    config = parseConfig(flags);
  } catch (e) {
    if (e instanceof ConfigError) {
      err(`raftkv restore: ${e.message}\n\n${usage()}`);
      return 2;
    }
    throw e;
  }
  // What a new cluster's members derive, alike on every member restored with the same flags.
  const clusterId = config.clusterId ?? deriveClusterId(config.peers, config.initialClusterToken);
  try {
    const { header, summary } = await restoreBackup(createReadStream(file, { highWaterMark: 1024 * 1024 }), {
      dataDir: config.dataDir,
      nodeId: config.id,
      clusterId,
      peers: config.peers,
    });
    out(
      `restored ${file} into ${config.dataDir}: member ${config.id} of new cluster "${clusterId}" (voters ${[...config.peers.keys()].join(', ')}); ` +
        `${summary.keys} keys, ${summary.leases} leases at revision ${header.revision} (backup of cluster "${header.clusterId}" taken from ${header.nodeId} at ${header.createdAt})\n`,
    );
    return 0;
  } catch (e) {
    if (e instanceof InvalidArgumentError) {
      err(`raftkv restore: ${e.message}\n`);
      return 2;
    }
    err(`raftkv restore: ${e instanceof BackupFormatError ? `${file}: ` : ''}${errorMessage(e)}; nothing was written\n`);
    return 1;
  }
}
