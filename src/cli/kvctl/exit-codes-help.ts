/**
 * The exit codes of each kvctl command, printed at the end of its --help so
 * a script writer finds them where they look (the global list is in `kvctl
 * --help`). Commands that print their own (status, snapshot, alarm, defrag)
 * are not listed here; test/unit/cli/kvctl-help.test.ts checks that every
 * command has exit codes and an example one way or the other.
 */
import type { Command } from 'commander';

const USAGE = '2 usage error';
const FAILED = '3 the request failed ("kvctl: <gRPC status>: <message>" on stderr)';

/** Command path ("lease grant") → its exit codes after 0. */
const EXIT_CODES: Readonly<Record<string, readonly string[]>> = {
  get: ['1 a single key not found (not for --prefix, --range-end, --from-key or --count-only)', USAGE, FAILED],
  put: [USAGE, FAILED],
  del: ['1 a single key did not exist (nothing deleted)', USAGE, FAILED],
  txn: [USAGE + ' (also a txn file that does not parse)', FAILED, '4 --exit-code and the compares did not hold (the failure branch ran)'],
  watch: [USAGE, FAILED + ', also when the start revision is compacted, or no endpoint served the watch for --timeout'],
  compact: [USAGE, FAILED + ', e.g. OUT_OF_RANGE: the revision is compacted already or in the future'],
  status: [USAGE, '3 a member did not answer (it is marked; the others are still shown) or the request failed'],
  lease: [USAGE, FAILED],
  'lease grant': [USAGE, FAILED],
  'lease revoke': ['1 the lease does not exist', USAGE, FAILED],
  'lease ttl': ['1 the lease does not exist', USAGE, FAILED],
  'lease list': [USAGE, FAILED],
  'lease keepalive': ['1 the lease expired or was revoked', USAGE, FAILED],
  endpoint: [USAGE, FAILED],
  'endpoint health': [USAGE, '3 an endpoint is unhealthy or unreachable (every endpoint is still checked)'],
  member: [USAGE, FAILED],
  'member list': [USAGE, FAILED],
  'member add': [USAGE, FAILED],
  'member promote': [USAGE, FAILED + ', e.g. FAILED_PRECONDITION: the learner is not caught up yet'],
  'member remove': [USAGE, FAILED],
  leader: [USAGE, FAILED],
  'leader transfer': [USAGE, FAILED + ', e.g. no --endpoints node is the leader'],
  user: ['1 the user (or role) does not exist', USAGE, FAILED],
  'user add': [USAGE, FAILED + ', e.g. ALREADY_EXISTS'],
  'user delete': ['1 the user does not exist', USAGE, FAILED],
  'user list': [USAGE, FAILED],
  'user get': ['1 the user does not exist', USAGE, FAILED],
  'user passwd': ['1 the user does not exist', USAGE, FAILED],
  'user grant-role': ['1 the user or the role does not exist', USAGE, FAILED],
  'user revoke-role': ['1 the user does not exist', USAGE, FAILED + ', e.g. FAILED_PRECONDITION: the role was not granted'],
  role: ['1 the role does not exist', USAGE, FAILED],
  'role add': [USAGE, FAILED + ', e.g. ALREADY_EXISTS'],
  'role delete': ['1 the role does not exist', USAGE, FAILED],
  'role list': [USAGE, FAILED],
  'role get': ['1 the role does not exist', USAGE, FAILED],
  'role grant-permission': ['1 the role does not exist', USAGE, FAILED],
  'role revoke-permission': ['1 the role does not exist', USAGE, FAILED + ', e.g. FAILED_PRECONDITION: no such permission'],
  auth: [USAGE, FAILED],
  'auth enable': [USAGE, FAILED + ', e.g. FAILED_PRECONDITION: no root user yet'],
  'auth disable': [USAGE, FAILED],
  'auth status': [USAGE, FAILED],
};

/** Adds "Exit codes: ..." to the help of every command listed above (call once every command is registered). */
export function addExitCodesHelp(program: Command): void {
  const visit = (command: Command, path: readonly string[]): void => {
    for (const sub of command.commands) {
      const subPath = [...path, sub.name()];
      const codes = EXIT_CODES[subPath.join(' ')];
      if (codes !== undefined) sub.addHelpText('after', `\nExit codes: 0 success, ${codes.join(', ')}.\n`);
      visit(sub, subPath);
    }
  };
  visit(program, []);
}
