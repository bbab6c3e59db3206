/**
 * `kvctl`: the raftkv command line client.
 *
 *   kvctl [--endpoints host:port,...] put <key> <value>
 *   kvctl get <key> [--serializable]
 *   kvctl del <key>
 *   kvctl status
 *   kvctl member list
 *   kvctl member add <id> <peer-addr> <client-addr> [--learner]
 *   kvctl member promote <id>
 *   kvctl member remove <id>
 *   kvctl leader transfer <id>      (give --endpoints every member: only the leader can transfer)
 *
 * Exit codes a script can rely on: 0 success, 1 key not found (get, del),
 * 2 usage error, 3 the request failed (the gRPC status and message go to stderr).
 */
import { Command, CommanderError } from 'commander';
import type * as grpc from '@grpc/grpc-js';
import { status as grpcStatus } from '@grpc/grpc-js';
import { KvClient } from './kv-client';
import type { Member__Output } from '../generated/raftkv/cluster/v1/Member';

export const EXIT = { ok: 0, notFound: 1, usage: 2, failed: 3 } as const;

interface GlobalOptions {
  endpoints: string;
  timeout: string;
}

export async function runKvctl(argv: readonly string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('kvctl')
    .description('command line client for raftkv')
    .option('--endpoints <list>', 'comma-separated host:port client endpoints, tried in order', process.env.RAFTKV_ENDPOINTS ?? '127.0.0.1:50051')
    .option('--timeout <ms>', 'request deadline in milliseconds', '10000')
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: err });

  const withClient = async (fn: (client: KvClient) => Promise<number>): Promise<void> => {
    const opts = program.opts<GlobalOptions>();
    const client = new KvClient(opts.endpoints.split(',').map((e) => e.trim()).filter(Boolean), { timeoutMs: Number(opts.timeout) });
    try {
      exitCode = await fn(client);
    } catch (e) {
      const se = e as Partial<grpc.ServiceError>;
      const name = se.code === undefined ? 'ERROR' : (grpcStatus[se.code] ?? String(se.code));
      err(`kvctl: ${name}: ${se.details ?? (e instanceof Error ? e.message : String(e))}\n`);
      exitCode = EXIT.failed;
    } finally {
      client.close();
    }
  };

  program
    .command('put')
    .description('set a key to a value')
    .argument('<key>')
    .argument('<value>', 'the value, as UTF-8 text')
    .action((key: string, value: string) =>
      withClient(async (c) => {
        await c.put(key, Buffer.from(value, 'utf8'));
        out('OK\n');
        return EXIT.ok;
      }),
    );
  program
    .command('get')
    .description('print the value of a key (exit 1 when it does not exist)')
    .argument('<key>')
    .option('--serializable', 'read the local node at once (may be stale) instead of a linearizable read')
    .action((key: string, opts: { serializable?: boolean }) =>
      withClient(async (c) => {
        const res = await c.get(key, opts.serializable ? 'CONSISTENCY_SERIALIZABLE' : 'CONSISTENCY_LINEARIZABLE');
        if (!res.found) {
          err(`kvctl: key not found: ${key}\n`);
          return EXIT.notFound;
        }
        out(`${Buffer.from(res.value).toString('utf8')}\n`);
        return EXIT.ok;
      }),
    );
  program
    .command('del')
    .description('delete a key (exit 1 when it did not exist)')
    .argument('<key>')
    .action((key: string) =>
      withClient(async (c) => {
        const res = await c.delete(key);
        if (!res.found) {
          err(`kvctl: key not found: ${key}\n`);
          return EXIT.notFound;
        }
        out('OK\n');
        return EXIT.ok;
      }),
    );
  program
    .command('status')
    .description('show the status of the node answering and the members it knows')
    .action(() =>
      withClient(async (c) => {
        const s = await c.status();
        out(
          [
            `id:        ${s.id}`,
            `cluster:   ${s.cluster_id}`,
            `role:      ${s.role.replace('ROLE_', '').toLowerCase()}`,
            `term:      ${s.term}`,
            `leader:    ${s.leader_id || '(none)'}`,
            `commit:    ${s.commit_index}`,
            `applied:   ${s.applied_index}`,
            `last log:  ${s.last_log_index}`,
            'members:',
            ...s.members.map(
              (m) =>
                `  ${m.id.padEnd(12)} ${m.suffrage.replace('SUFFRAGE_', '').toLowerCase().padEnd(8)} peer ${m.peer_address}${m.is_leader ? '  (leader)' : ''}`,
            ),
          ].join('\n') + '\n',
        );
        return EXIT.ok;
      }),
    );

  const printMembers = (members: readonly Member__Output[]): void => {
    const rows = members.map((m) => [
      m.id,
      m.suffrage.replace('SUFFRAGE_', '').toLowerCase() + (m.is_leader ? ' (leader)' : ''),
      m.peer_address || '-',
      m.client_address || '-',
      m.match_index,
      m.caught_up ? 'yes' : 'no',
    ]);
    const header = ['ID', 'ROLE', 'PEER', 'CLIENT', 'MATCH', 'CAUGHT-UP'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const line = (r: readonly string[]): string => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
    out([line(header), ...rows.map(line)].join('\n') + '\n');
  };
  const member = program.command('member').description('list and change the members of the cluster');
  member
    .command('list')
    .description('list members: role, addresses, and (from the leader) match index and whether caught up')
    .action(() =>
      withClient(async (c) => {
        printMembers((await c.listMembers()).members);
        return EXIT.ok;
      }),
    );
  member
    .command('add')
    .description('add a node as a learner; it is promoted to voter once caught up unless --learner')
    .argument('<id>', 'the new node id')
    .argument('<peer-addr>', "host:port of the node's peer port")
    .argument('<client-addr>', "host:port of the node's client port")
    .option('--learner', 'keep it a learner (promote later with `member promote`)')
    .action((id: string, peerAddr: string, clientAddr: string, opts: { learner?: boolean }) =>
      withClient(async (c) => {
        printMembers((await c.addMember(id, peerAddr, clientAddr, opts.learner === true)).members);
        return EXIT.ok;
      }),
    );
  member
    .command('promote')
    .description('turn a learner into a voter')
    .argument('<id>')
    .action((id: string) =>
      withClient(async (c) => {
        printMembers((await c.promoteMember(id)).members);
        return EXIT.ok;
      }),
    );
  member
    .command('remove')
    .description('remove a member (the leader included: it hands over first)')
    .argument('<id>')
    .action((id: string) =>
      withClient(async (c) => {
        printMembers((await c.removeMember(id)).members);
        return EXIT.ok;
      }),
    );
  program
    .command('leader')
    .description('leadership')
    .command('transfer')
    .description('hand leadership to a voter; asks each --endpoints node until the leader answers')
    .argument('<id>', 'the voter to lead')
    .action((id: string) =>
      withClient(async (c) => {
        const res = await c.transferLeadership(id);
        out(`leader: ${res.leader_id}\n`);
        return EXIT.ok;
      }),
    );

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw e;
  }
  return exitCode;
}

