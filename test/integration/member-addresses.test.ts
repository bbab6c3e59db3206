import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ProcessCluster, REPO_ROOT } from '../support/process-cluster';
import { waitFor } from '../support/wait';

jest.setTimeout(90_000);

const KVCTL = join(REPO_ROOT, 'bin', 'kvctl');
const RECORDED = "recorded this node's client address in the address book";

/**
 * Initial members started with --peers know only their own client address;
 * each records it through the log once it knows a leader, so every node's
 * address book (ListMembers, kvctl status) lists every member's address.
 */
describe('client addresses of the initial members', () => {
  let cluster: ProcessCluster;
  beforeAll(async () => {
    cluster = await ProcessCluster.start();
    await cluster.waitForLeader();
  });
  afterAll(() => cluster.stop());

  const ids = ['n1', 'n2', 'n3'];
  const addressOf = (id: string): string => `127.0.0.1:${cluster.node(id).clientPort}`;
  const recordedLines = (id: string): number => cluster.logs(id).split('\n').filter((line) => line.includes(RECORDED)).length;

  /** Whether ListMembers on `on` shows every initial member with its client address. */
  const listsEveryAddress = async (on: string): Promise<boolean> => {
    const { members } = await cluster.client([on]).listMembers();
    return members.length === 3 && ids.every((id) => members.some((m) => m.id === id && m.client_address === addressOf(id)));
  };

  it('ListMembers on every node eventually shows every member with its client address', async () => {
    for (const id of ids) await waitFor(`ListMembers on ${id} to show every client address`, () => listsEveryAddress(id), 20_000, 100);
    // Each node proposed its own once, and said so once.
    for (const id of ids) expect(recordedLines(id)).toBe(1);
  });

  it('kvctl status through one endpoint reaches all three members at their addresses', () => {
    const r = spawnSync(KVCTL, ['--endpoints', addressOf('n2'), 'status'], { encoding: 'utf8', timeout: 30_000 });
    expect({ code: r.status, err: r.stderr }).toEqual({ code: 0, err: '' });
    const rows = r.stdout.trim().split('\n');
    expect(rows).toHaveLength(4);
    for (const id of ids) expect(r.stdout).toMatch(new RegExp(`^${id} +${addressOf(id).replace(/\./g, '\\.')} +(leader|follower) +\\d+`, 'm'));
    expect(r.stdout).not.toMatch(/unreachable/);
  });

  it('keeps the addresses across a restart without proposing them again', async () => {
    await cluster.stopNode('n3');
    cluster.startNode('n3');
    await cluster.waitForLeader(15_000);
    await waitFor('ListMembers on the restarted n3 to show every client address', () => listsEveryAddress('n3'), 20_000, 100);
    // Its persisted book already holds its address: nothing to record.
    expect(recordedLines('n3')).toBe(1);
  });
});
