/** `snapshot save <file>` and `snapshot status <file>`: backups (docs/backup-restore.md). */
import { Option, type Command } from 'commander';
import { BackupFormatError } from '../../codec/backup-format';
import { inspectBackup, saveBackup, type BackupInfo } from '../backup-client';
import { EXIT, examples, type KvctlContext } from './context';
import { TABLE_FORMATS, jsonDocument, table, type TableFormat } from './format';

export const SNAPSHOT_EXIT_HELP = `Exit codes: 0 saved (or intact), 2 usage error, 3 the save failed or the file is damaged
(checksum mismatch, truncated, not a raftkv backup): "kvctl: <reason>" on stderr.`;

function infoOutput(info: BackupInfo, format: TableFormat): string {
  const h = info.header;
  if (format === 'json') {
    return jsonDocument({
      cluster_id: h.clusterId,
      member: h.nodeId,
      revision: h.revision,
      applied_index: h.appliedIndex,
      term: h.term,
      keys: info.summary.keys,
      leases: info.summary.leases,
      size_bytes: info.bytes,
      sha256: info.sha256,
      created_at: h.createdAt,
    });
  }
  return table(
    ['FIELD', 'VALUE'],
    [
      ['cluster id', h.clusterId],
      ['member', h.nodeId],
      ['revision', String(h.revision)],
      ['applied index', String(h.appliedIndex)],
      ['keys', String(info.summary.keys)],
      ['leases', String(info.summary.leases)],
      ['size', `${info.bytes} bytes`],
      ['created', h.createdAt],
      ['sha256', `${info.sha256} (verified)`],
    ],
  );
}

export function registerSnapshotCommands(program: Command, ctx: KvctlContext): void {
  const snapshot = program
    .command('snapshot')
    .description('save a backup of the cluster, or check one')
    .addHelpText('after', examples('kvctl snapshot save backup.rkv', 'kvctl snapshot status backup.rkv') + `\n${SNAPSHOT_EXIT_HELP}\n`);

  snapshot
    .command('save')
    .description('stream a consistent point-in-time backup from a member into <file> (writes go on meanwhile)')
    .argument('<file>', 'where to write the backup; written as <file>.part, verified, then renamed')
    .addOption(new Option('-o, --output <format>', 'output format').choices(TABLE_FORMATS).default('table'))
    .addHelpText(
      'after',
      examples(
        'kvctl snapshot save backup.rkv',
        'kvctl --endpoints 10.0.0.2:50051 snapshot save /backups/raftkv-$(date +%F).rkv -o json',
      ) +
        '\nThe first endpoint that answers serves it; --timeout bounds the silence between two pieces, not the whole save.\n' +
        `${SNAPSHOT_EXIT_HELP}\n`,
    )
    .action(async (file: string, o: { output: TableFormat }) => {
      try {
        const credentials = ctx.credentials;
        const info = await saveBackup(file, { endpoints: ctx.endpoints, idleTimeoutMs: ctx.timeoutMs, ...(credentials !== undefined ? { credentials } : {}) });
        if (o.output !== 'json') ctx.out(`Snapshot saved at ${file} from ${info.endpoint}\n`);
        ctx.out(infoOutput(info, o.output));
        ctx.exitCode = EXIT.ok;
      } catch (e) {
        ctx.exitCode = ctx.report(e);
      }
    });

  snapshot
    .command('status')
    .description("print a backup's header (cluster id, revision, key count, size) after verifying its checksum")
    .argument('<file>', 'a file written by kvctl snapshot save')
    .addOption(new Option('-o, --output <format>', 'output format').choices(TABLE_FORMATS).default('table'))
    .addHelpText('after', examples('kvctl snapshot status backup.rkv', 'kvctl snapshot status backup.rkv -o json') + `\n${SNAPSHOT_EXIT_HELP}\n`)
    .action(async (file: string, o: { output: TableFormat }) => {
      try {
        ctx.out(infoOutput(await inspectBackup(file), o.output));
        ctx.exitCode = EXIT.ok;
      } catch (e) {
        ctx.fail(e instanceof BackupFormatError ? `${file}: ${e.message}` : e instanceof Error ? e.message : String(e));
        ctx.exitCode = EXIT.failed;
      }
    });
}
