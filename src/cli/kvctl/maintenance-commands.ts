/** `alarm list`, `alarm disarm` and `defrag` (docs/operations.md, "Space"). */
import { Option, type Command } from 'commander';
import type { Alarm__Output } from '../../generated/raftkv/cluster/v1/Alarm';
import { defragment, disarmAlarms, listAlarms } from '../maintenance-client';
import { EXIT, describeError, examples, type KvctlContext } from './context';
import { TABLE_FORMATS, enumWord, jsonDocument, table, type TableFormat } from './format';

const tableOption = (): Option => new Option('-o, --output <format>', 'output format').choices(TABLE_FORMATS).default('table');

function alarmsOutput(alarms: readonly Alarm__Output[], format: TableFormat): string {
  const rows = alarms.map((a) => ({ member: a.member_id, alarm: enumWord(a.alarm, 'ALARM_TYPE_').toUpperCase() }));
  if (format === 'json') return jsonDocument({ alarms: rows });
  return rows.length === 0 ? 'no alarms\n' : table(['MEMBER', 'ALARM'], rows.map((r) => [r.member, r.alarm]));
}

export function registerMaintenanceCommands(program: Command, ctx: KvctlContext): void {
  const alarm = program
    .command('alarm')
    .description("list or clear the cluster's alarms (NOSPACE: a member's database passed --quota-backend-bytes; CORRUPT: a member's state differs from the majority's, it refuses reads)")
    .addHelpText('after', examples('kvctl alarm list', 'kvctl alarm disarm --alarm NOSPACE') + '\nExit codes: 0 success, 2 usage error, 3 the request failed.\nWhat each alarm means and what to do: docs/operations.md.\n');
  const opts = () => {
    const credentials = ctx.credentials;
    return { timeoutMs: ctx.timeoutMs, ...(credentials !== undefined ? { credentials } : {}) };
  };

  alarm
    .command('list')
    .description('list the active alarms; exit 0 whether or not there are any')
    .addOption(tableOption())
    .addHelpText('after', examples('kvctl alarm list', 'kvctl alarm list -o json') + '\nExit codes: 0 listed, 2 usage error, 3 the request failed.\n')
    .action(async (o: { output: TableFormat }) => {
      try {
        ctx.out(alarmsOutput((await listAlarms(ctx.endpoints, opts())).alarms, o.output));
        ctx.exitCode = EXIT.ok;
      } catch (e) {
        ctx.exitCode = ctx.report(e);
      }
    });

  alarm
    .command('disarm')
    .description('clear every active alarm; NOSPACE is refused while the database is still over --quota-backend-bytes')
    .addOption(new Option('--alarm <type>', 'clear only this type').choices(['NOSPACE', 'CORRUPT']))
    .addOption(tableOption())
    .addHelpText(
      'after',
      examples('kvctl alarm disarm', 'kvctl alarm disarm --alarm NOSPACE', 'kvctl alarm disarm --alarm CORRUPT   # after replacing the member (docs/operations.md)') +
        '\nA CORRUPT alarm disarmed while its member still holds a diverged state comes back at the next consistency check.\n' +
        '\nPrints the alarms cleared. Exit codes: 0 cleared (or none active), 2 usage error,\n3 the request failed (FAILED_PRECONDITION: still over the quota; free space first: delete keys, kvctl compact, kvctl defrag).\n',
    )
    .action(async (o: { alarm?: 'NOSPACE' | 'CORRUPT'; output: TableFormat }) => {
      try {
        const res = await disarmAlarms(ctx.endpoints, o.alarm === undefined ? 'ALARM_TYPE_UNSPECIFIED' : `ALARM_TYPE_${o.alarm}`, opts());
        ctx.out(o.output === 'json' ? jsonDocument({ disarmed: res.disarmed.map((a) => ({ member: a.member_id, alarm: enumWord(a.alarm, 'ALARM_TYPE_').toUpperCase() })) }) : res.disarmed.length === 0 ? 'no alarms to disarm\n' : alarmsOutput(res.disarmed, 'table'));
        ctx.exitCode = EXIT.ok;
      } catch (e) {
        ctx.exitCode = ctx.report(e);
      }
    });

  program
    .command('defrag')
    .description("compact each endpoint's database (LevelDB compactRange) to give back the space of deleted data; prints its size before and after")
    .addOption(tableOption())
    .addHelpText(
      'after',
      examples('kvctl defrag', 'kvctl --endpoints 10.0.0.1:50051,10.0.0.2:50051,10.0.0.3:50051 defrag -o json') +
        '\nEvery endpoint in --endpoints is defragmented in turn (each member has its own database); reads and writes go on.\nExit codes: 0 every endpoint done, 2 usage error, 3 an endpoint failed (the others are still tried).\n',
    )
    .action(async (o: { output: TableFormat }) => {
      const rows: { endpoint: string; before: number; after: number; error?: string }[] = [];
      try {
        for (const endpoint of ctx.endpoints) {
          try {
            const r = await defragment(endpoint, opts());
            rows.push({ endpoint, before: Number(r.size_before), after: Number(r.size_after) });
          } catch (e) {
            rows.push({ endpoint, before: 0, after: 0, error: describeError(e) });
          }
        }
      } catch (e) {
        ctx.exitCode = ctx.report(e);
        return;
      }
      if (o.output === 'json') ctx.out(jsonDocument({ endpoints: rows }));
      else ctx.out(table(['ENDPOINT', 'BEFORE', 'AFTER', 'ERROR'], rows.map((r) => [r.endpoint, r.error ? '-' : String(r.before), r.error ? '-' : String(r.after), r.error ?? ''])));
      for (const r of rows) if (r.error !== undefined) ctx.fail(`${r.endpoint}: ${r.error}`);
      ctx.exitCode = rows.some((r) => r.error !== undefined) ? EXIT.failed : EXIT.ok;
    });
}
