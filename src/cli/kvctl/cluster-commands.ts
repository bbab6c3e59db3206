/** `status`, `endpoint health`, `member list|add|promote|remove`, `leader transfer`. */
import { Option, type Command } from 'commander';
import { KvClient } from '../kv-client';
import type { Member__Output } from '../../generated/raftkv/cluster/v1/Member';
import type { StatusResponse__Output } from '../../generated/raftkv/cluster/v1/StatusResponse';
import { EXIT, describeError, examples, type KvctlContext } from './context';
import { TABLE_FORMATS, enumWord, jsonDocument, lines, table, type TableFormat } from './format';

const tableOption = (): Option => new Option('-o, --output <format>', 'output format').choices(TABLE_FORMATS).default('table');

function membersOutput(members: readonly Member__Output[], format: TableFormat): string {
  if (format === 'json') {
    return jsonDocument({
      members: members.map((m) => ({
        id: m.id,
        suffrage: enumWord(m.suffrage, 'SUFFRAGE_'),
        is_leader: m.is_leader,
        peer_address: m.peer_address,
        client_address: m.client_address,
        match_index: Number(m.match_index),
        caught_up: m.caught_up,
      })),
    });
  }
  return table(
    ['ID', 'ROLE', 'PEER', 'CLIENT', 'MATCH', 'CAUGHT-UP'],
    members.map((m) => [m.id, enumWord(m.suffrage, 'SUFFRAGE_') + (m.is_leader ? ' (leader)' : ''), m.peer_address || '-', m.client_address || '-', m.match_index, m.caught_up ? 'yes' : 'no']),
  );
}

/**
 * The member list as the leader sees it: only the leader knows match
 * indexes and who is caught up, so when the node answering is not the
 * leader, ask the leader at its client address (falling back to the first
 * answer if it cannot be reached).
 */
async function membersFromLeader(c: KvClient): Promise<readonly Member__Output[]> {
  const { members } = await c.listMembers();
  const leader = members.find((m) => m.is_leader);
  if (leader === undefined || !dialable(leader.client_address) || (await c.status()).id === leader.id) return members;
  const atLeader = new KvClient([leader.client_address], { timeoutMs: 5_000 });
  try {
    return (await atLeader.listMembers()).members;
  } catch {
    return members;
  } finally {
    atLeader.close();
  }
}

/** A listen-all address (0.0.0.0:port, [::]:port) names no host another machine can dial. */
function dialable(address: string): boolean {
  return address !== '' && !/^(0\.0\.0\.0|\[::\]|::):/.test(address);
}

interface MemberStatus {
  readonly id: string;
  readonly address: string;
  /** voter or learner; '' for a node that is not a member. */
  readonly suffrage: string;
  readonly status?: StatusResponse__Output;
  readonly error?: string;
}

/**
 * Asks every member for its own status. A member is reached at its client
 * address; where it has none (or a listen-all one), at the --endpoints entry
 * that answered with its id.
 */
async function clusterStatus(ctx: KvctlContext, client: KvClient): Promise<{ members: MemberStatus[]; others: MemberStatus[] }> {
  const endpoints = client.endpoints;
  const viaEndpoints = await Promise.all(
    endpoints.map((address, i) =>
      client.statusOn(i).then(
        (status): MemberStatus => ({ id: status.id, address, suffrage: '', status }),
        (e: unknown): MemberStatus => ({ id: '', address, suffrage: '', error: describeError(e) }),
      ),
    ),
  );
  const answered = viaEndpoints.filter((s) => s.status !== undefined);
  // The leader's view of the configuration is the authoritative one; any node's will do without a leader.
  const view = answered.find((s) => s.status?.role === 'ROLE_LEADER') ?? answered[0];
  if (view?.status === undefined) throw viaEndpointsError(viaEndpoints);
  const members = await Promise.all(
    view.status.members.map(async (m): Promise<MemberStatus> => {
      const suffrage = enumWord(m.suffrage, 'SUFFRAGE_');
      const byId = answered.find((s) => s.id === m.id);
      const address = dialable(m.client_address) ? m.client_address : (byId?.address ?? '');
      if (byId !== undefined && (byId.address === address || !dialable(m.client_address))) return { ...byId, address, suffrage };
      if (address === '') return { id: m.id, address: '-', suffrage, error: 'its client address is unknown and no --endpoints entry answered as it' };
      const probe = new KvClient([address], { timeoutMs: ctx.timeoutMs });
      try {
        return { id: m.id, address, suffrage, status: await probe.statusOn(0) };
      } catch (e) {
        return { id: m.id, address, suffrage, error: describeError(e) };
      } finally {
        probe.close();
      }
    }),
  );
  // --endpoints that answered but are not members (removed, or of another cluster) are worth showing too.
  const others = answered.filter((s) => !view.status?.members.some((m) => m.id === s.id));
  return { members, others };
}

function viaEndpointsError(results: readonly MemberStatus[]): Error {
  return new Error(`no endpoint answered: ${results.map((r) => `${r.address} (${r.error ?? ''})`).join(', ')}`);
}

/** The role a person cares about: a following learner shows as `learner`. */
function roleOf(m: MemberStatus): string {
  if (m.status === undefined) return 'unreachable';
  const role = enumWord(m.status.role, 'ROLE_');
  return m.suffrage === 'learner' && role === 'follower' ? 'learner' : role;
}

function statusRow(m: MemberStatus): string[] {
  const s = m.status;
  const id = m.suffrage === '' ? `${m.id} (not a member)` : m.id;
  if (s === undefined) return [id, m.address, roleOf(m), '-', '-', '-', '-'];
  return [id, m.address, roleOf(m), s.term, s.commit_index, s.applied_index, s.leader_id || '(none)'];
}

export function registerClusterCommands(program: Command, ctx: KvctlContext): void {
  program
    .command('status')
    .summary('show every member: role, term, commit and applied index, leader')
    .description(
      "Ask every member for its status, at its client address (or the --endpoints entry that answers with " +
        `its id), and print one row per member. Unreachable members are marked and make the exit code ${EXIT.failed}.`,
    )
    .addOption(tableOption())
    .addHelpText('after', examples('kvctl status', 'kvctl --endpoints 10.0.0.1:50051 status -o json'))
    .action((flags: { output: TableFormat }) =>
      ctx.run(async (client) => {
        const { members, others } = await clusterStatus(ctx, client);
        const all = [...members, ...others];
        const unreachable = members.filter((m) => m.status === undefined);
        if (flags.output === 'json') {
          ctx.out(
            jsonDocument({
              members: all.map((m) => ({
                id: m.id,
                address: m.address,
                reachable: m.status !== undefined,
                ...(m.status
                  ? {
                      role: roleOf(m),
                      term: Number(m.status.term),
                      commit_index: Number(m.status.commit_index),
                      applied_index: Number(m.status.applied_index),
                      leader_id: m.status.leader_id,
                      is_member: m.suffrage !== '',
                    }
                  : { role: roleOf(m), error: m.error ?? '' }),
              })),
            }),
          );
        } else {
          ctx.out(table(['ID', 'ADDRESS', 'ROLE', 'TERM', 'COMMIT', 'APPLIED', 'LEADER'], all.map(statusRow)));
        }
        for (const m of unreachable) ctx.fail(`member ${m.id} unreachable${m.address === '-' ? '' : ` at ${m.address}`}: ${m.error ?? ''}`);
        return unreachable.length > 0 ? EXIT.failed : EXIT.ok;
      }),
    );

  program
    .command('endpoint')
    .addHelpText('after', examples('kvctl --endpoints 127.0.0.1:50051,127.0.0.1:50061 endpoint health'))
    .summary('check the --endpoints')
    .command('health')
    .description(
      'Check each --endpoints entry: its grpc.health.v1 status and whether it knows a leader. One line per ' +
        `endpoint; exit ${EXIT.failed} when any is unhealthy.`,
    )
    .addOption(new Option('-o, --output <format>', 'output format').choices(['simple', 'json']).default('simple'))
    .addHelpText('after', examples('kvctl --endpoints 127.0.0.1:50051,127.0.0.1:50061,127.0.0.1:50071 endpoint health'))
    .action((flags: { output: 'simple' | 'json' }) =>
      ctx.run(async (client) => {
        const results = await Promise.all(
          client.endpoints.map(async (endpoint, i) => {
            const started = Date.now();
            try {
              const [health, status] = await Promise.all([client.healthOn(i), client.statusOn(i)]);
              const healthy = health === 'SERVING' && status.leader_id !== '';
              const reason = health !== 'SERVING' ? `health ${health}` : status.leader_id === '' ? 'no leader known' : `leader ${status.leader_id}`;
              return { endpoint, healthy, health, leader: status.leader_id, took_ms: Date.now() - started, detail: reason };
            } catch (e) {
              return { endpoint, healthy: false, health: 'UNREACHABLE', leader: '', took_ms: Date.now() - started, detail: describeError(e) };
            }
          }),
        );
        if (flags.output === 'json') ctx.out(jsonDocument({ endpoints: results }));
        else ctx.out(lines(results.map((r) => `${r.endpoint} is ${r.healthy ? 'healthy' : 'unhealthy'}: ${r.detail}, took ${r.took_ms}ms`)));
        const bad = results.filter((r) => !r.healthy).length;
        if (bad > 0) ctx.fail(`${bad} of ${results.length} endpoints unhealthy`);
        return bad > 0 ? EXIT.failed : EXIT.ok;
      }),
    );

  const member = program
    .command('member')
    .summary('list and change the members of the cluster')
    .addHelpText('after', examples('kvctl member list', 'kvctl member add n4 10.0.0.4:50052 10.0.0.4:50051', 'kvctl member remove n2') + '\nSteps and what each node logs: docs/operations.md.\n');
  member
    .command('list')
    .description('List members: role, addresses, and (from the leader) match index and whether caught up.')
    .addOption(tableOption())
    .addHelpText('after', examples('kvctl member list', 'kvctl member list -o json'))
    .action((flags: { output: TableFormat }) =>
      ctx.run(async (c) => {
        ctx.out(membersOutput(await membersFromLeader(c), flags.output));
        return EXIT.ok;
      }),
    );
  member
    .command('add')
    .description('Add a node as a learner; it is promoted to voter once caught up unless --learner.')
    .argument('<id>', 'the new node id')
    .argument('<peer-addr>', "host:port of the node's peer port")
    .argument('<client-addr>', "host:port of the node's client port")
    .option('--learner', 'keep it a learner (promote later with `member promote`)')
    .addOption(tableOption())
    .addHelpText('after', examples('kvctl member add n4 10.0.0.4:50052 10.0.0.4:50051', 'kvctl member add n4 10.0.0.4:50052 10.0.0.4:50051 --learner'))
    .action((id: string, peerAddr: string, clientAddr: string, flags: { learner?: boolean; output: TableFormat }) =>
      ctx.run(async (c) => {
        ctx.out(membersOutput((await c.addMember(id, peerAddr, clientAddr, flags.learner === true)).members, flags.output));
        return EXIT.ok;
      }),
    );
  member
    .command('promote')
    .description('Turn a learner into a voter.')
    .argument('<id>')
    .addOption(tableOption())
    .addHelpText('after', examples('kvctl member promote n4'))
    .action((id: string, flags: { output: TableFormat }) =>
      ctx.run(async (c) => {
        ctx.out(membersOutput((await c.promoteMember(id)).members, flags.output));
        return EXIT.ok;
      }),
    );
  member
    .command('remove')
    .description('Remove a member (the leader too: it hands leadership over first).')
    .argument('<id>')
    .addOption(tableOption())
    .addHelpText('after', examples('kvctl member remove n2'))
    .action((id: string, flags: { output: TableFormat }) =>
      ctx.run(async (c) => {
        ctx.out(membersOutput((await c.removeMember(id)).members, flags.output));
        return EXIT.ok;
      }),
    );

  program
    .command('leader')
    .summary('leadership')
    .addHelpText('after', examples('kvctl --endpoints 10.0.0.1:50051,10.0.0.2:50051,10.0.0.3:50051 leader transfer n2'))
    .command('transfer')
    .description('Hand leadership to a voter. Only the leader can: each --endpoints node is asked until the leader answers.')
    .argument('<id>', 'the voter to lead')
    .addHelpText('after', examples('kvctl --endpoints 10.0.0.1:50051,10.0.0.2:50051,10.0.0.3:50051 leader transfer n2'))
    .action((id: string) =>
      ctx.run(async (c) => {
        const res = await c.transferLeadership(id);
        ctx.out(`leader: ${res.leader_id}\n`);
        return EXIT.ok;
      }),
    );
}
