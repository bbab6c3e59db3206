/**
 * Debian's etcdctl (etcd 3.4, ETCDCTL_API=3) works unchanged against raftkv's
 * etcd v3 API. Every expectation runs twice, first against a real etcd (the
 * control: what it asserts is etcd's behaviour) and then against a 3-node
 * raftkv cluster, through one node's client port, as a user would type it.
 * Revisions are read from the store, never assumed: etcd starts at revision 1,
 * raftkv at 0.
 */
import { etcdctl, etcdctlUntil, type EtcdctlRun } from './support/etcdctl';
import { EtcdTargets, ok, type Target, type Which } from './support/etcd-targets';
import { describeWithTools } from './support/tools';

jest.setTimeout(120_000);

/** The last line of stderr: etcdctl's "Error: ..." after its retry warnings. */
function failure(run: EtcdctlRun): string {
  expect(run.code).not.toBe(0);
  return run.err.trim().split('\n').pop() ?? '';
}

describeWithTools("etcdctl against raftkv's etcd API, with etcd as the control", ['etcd', 'etcdctl'], () => {
  let servers: EtcdTargets | undefined;

  beforeAll(async () => {
    servers = await EtcdTargets.start();
  });

  afterAll(async () => {
    await servers?.stop();
  });

  /** One expectation, proven on etcd first, then held against raftkv. */
  const both = (name: string, fn: (t: Target, run: (args: readonly string[], stdin?: string) => Promise<EtcdctlRun>) => Promise<void>): void => {
    test.each<Which>(['etcd', 'raftkv'])(`${name} (%s)`, async (which) => {
      const t = servers!.get(which);
      await fn(t, (args, stdin) => etcdctl(t.endpoint, args, stdin));
    });
  };

  const revisionOf = (out: string): number => (JSON.parse(out) as { header: { revision: number } }).header.revision;

  both('put, then get one key, a prefix, a range, --from-key with --limit, sorted, keys only, counted', async (_t, run) => {
    for (const [k, v] of [['/get/a', '1'], ['/get/b', '3'], ['/get/c', '2']] as const) expect(ok(await run(['put', k, v]))).toBe('OK\n');
    expect(ok(await run(['get', '/get/b']))).toBe('/get/b\n3\n');
    expect(ok(await run(['get', '/get/', '--prefix']))).toBe('/get/a\n1\n/get/b\n3\n/get/c\n2\n');
    expect(ok(await run(['get', '/get/a', '/get/c']))).toBe('/get/a\n1\n/get/b\n3\n');
    expect(ok(await run(['get', '/get/b', '--from-key', '--limit=2']))).toBe('/get/b\n3\n/get/c\n2\n');
    expect(ok(await run(['get', '/get/', '--prefix', '--sort-by=value', '--order=descend']))).toBe('/get/b\n3\n/get/c\n2\n/get/a\n1\n');
    expect(ok(await run(['get', '/get/', '--prefix', '--sort-by=value', '--keys-only']))).toBe('/get/a\n\n/get/c\n\n/get/b\n\n');
    expect(ok(await run(['get', '/get/', '--prefix', '--order=descend', '--print-value-only']))).toBe('2\n3\n1\n');
    const limited = JSON.parse(ok(await run(['get', '/get/', '--prefix', '--limit=2', '-w', 'json']))) as { kvs: { key: string }[]; more: boolean; count: number };
    expect({ keys: limited.kvs.map((kv) => Buffer.from(kv.key, 'base64').toString()), more: limited.more, count: limited.count }).toEqual({
      keys: ['/get/a', '/get/b'],
      more: true,
      count: 3,
    });
    expect(ok(await run(['get', '/get/none']))).toBe('');
  });

  both('put --prev-kv and --ignore-value, get --consistency=s, del --from-key', async (_t, run) => {
    expect(ok(await run(['put', '/zz/k', 'v1']))).toBe('OK\n');
    expect(ok(await run(['put', '/zz/k', 'v2', '--prev-kv']))).toBe('OK\n/zz/k\nv1\n');
    expect(ok(await run(['put', '/zz/k', '--ignore-value']))).toBe('OK\n');
    const kv = JSON.parse(ok(await run(['get', '/zz/k', '--consistency=s', '-w', 'json']))) as { kvs: { value: string; version: number }[] };
    expect(kv.kvs.map((x) => [Buffer.from(x.value, 'base64').toString(), x.version])).toEqual([['v2', 3]]);
    expect(failure(await run(['put', '/zz/none', '--ignore-value']))).toBe('Error: etcdserver: key not found');
    ok(await run(['put', '/zz/l', 'x']));
    // Every key from /zz/k on: the two above (no other test writes keys that sort after /zz/).
    expect(ok(await run(['del', '/zz/k', '--from-key']))).toBe('2\n');
  });

  both('lease keep-alive renews the lease until stopped', async (_t, run) => {
    const id = /^lease ([0-9a-f]{16}) granted/.exec(ok(await run(['lease', 'grant', '3'])))?.[1];
    expect(id).toBeDefined();
    const line = `lease ${id} keepalived with TTL(3)\n`;
    // etcdctl renews every TTL/3: two renewals come within a couple of seconds.
    const kept = await etcdctlUntil(_t.endpoint, ['lease', 'keep-alive', id!], (out) => out.split(line).length > 2);
    expect(kept.out.startsWith(line + line)).toBe(true);
    expect(ok(await run(['lease', 'revoke', id!]))).toBe(`lease ${id} revoked\n`);
  });

  both('get --rev reads the keys as they were at that revision; a future revision is refused', async (_t, run) => {
    const first = revisionOf(ok(await run(['put', '/rev/k', 'v1', '-w', 'json'])));
    ok(await run(['put', '/rev/k', 'v2']));
    ok(await run(['put', '/rev/other', 'x']));
    ok(await run(['del', '/rev/k']));
    expect(ok(await run(['get', '/rev/', '--prefix', `--rev=${first}`]))).toBe('/rev/k\nv1\n');
    expect(ok(await run(['get', '/rev/', '--prefix', `--rev=${first + 2}`]))).toBe('/rev/k\nv2\n/rev/other\nx\n');
    expect(ok(await run(['get', '/rev/', '--prefix']))).toBe('/rev/other\nx\n');
    const now = revisionOf(ok(await run(['get', '/rev/k', '-w', 'json'])));
    expect(failure(await run(['get', '/rev/k', `--rev=${now + 100}`]))).toBe('Error: etcdserver: mvcc: required revision is a future revision');
  });

  both('del deletes a key or a prefix and prints the count, with --prev-kv the deleted keys', async (_t, run) => {
    for (const [k, v] of [['/del/a', '1'], ['/del/b', '2'], ['/del/c', '3']] as const) ok(await run(['put', k, v]));
    expect(ok(await run(['del', '/del/a']))).toBe('1\n');
    expect(ok(await run(['del', '/del/', '--prefix', '--prev-kv']))).toBe('2\n/del/b\n2\n/del/c\n3\n');
    expect(ok(await run(['del', '/del/none']))).toBe('0\n');
  });

  both('txn -i runs the success requests when every compare holds, else the failure requests', async (_t, run) => {
    ok(await run(['put', '/txn/k', 'v1']));
    const succeeded = ok(await run(['txn', '-i'], 'value("/txn/k") = "v1"\nversion("/txn/none") = "0"\n\nput /txn/k v2\nget /txn/k\n\nput /txn/failed yes\n\n'));
    expect(succeeded).toContain('SUCCESS\n\nOK\n\n/txn/k\nv2\n');
    const failed = ok(await run(['txn', '-i'], 'mod("/txn/k") < "1"\n\nput /txn/never x\n\nget /txn/k\ndel /txn/none\n\n'));
    expect(failed).toContain('FAILURE\n\n/txn/k\nv2\n\n0\n');
    expect(ok(await run(['get', '/txn/', '--prefix', '--keys-only']))).toBe('/txn/k\n\n');
  });

  both('watch --rev --prev-kv replays the history of a key, then follows new changes', async (_t, run) => {
    const first = revisionOf(ok(await run(['put', '/watch/k', 'a', '-w', 'json'])));
    ok(await run(['put', '/watch/k', 'b']));
    const last = revisionOf(ok(await run(['del', '/watch/k', '-w', 'json'])));
    const replay = 'PUT\n/watch/k\na\nPUT\n/watch/k\na\n/watch/k\nb\nDELETE\n/watch/k\nb\n/watch/k\n\n';
    const replayed = await etcdctlUntil(_t.endpoint, ['watch', '/watch/k', `--rev=${first}`, '--prev-kv'], (out) => out.length >= replay.length);
    expect(replayed.out).toBe(replay);
    // From the next revision on: nothing to replay, and nothing written before the watch starts can be missed.
    const [live] = await Promise.all([
      etcdctlUntil(_t.endpoint, ['watch', '/watch/', '--prefix', `--rev=${last + 1}`], (out) => out.includes('/watch/k2\nlive\n')),
      run(['put', '/watch/k2', 'live']),
    ]);
    expect(live.out).toBe('PUT\n/watch/k2\nlive\n');
  });

  both('a watch or a read from a compacted revision is refused as compacted', async (t, run) => {
    const old = revisionOf(ok(await run(['put', '/compact/k', 'a', '-w', 'json'])));
    ok(await run(['put', '/compact/k', 'b']));
    await t.compactPast(old);
    expect(failure(await run(['get', '/compact/k', `--rev=${old}`]))).toBe('Error: etcdserver: mvcc: required revision has been compacted');
    const watched = await etcdctlUntil(t.endpoint, ['watch', '/compact/k', `--rev=${old}`], (out) => out.includes('canceled'));
    expect(watched.out + watched.err).toContain('watch was canceled (etcdserver: mvcc: required revision has been compacted)');
  });

  both('compaction drops the history before a revision: older reads and watches are compacted, the revision itself is kept', async (t, run) => {
    const first = revisionOf(ok(await run(['put', '/compaction/k', 'v1', '-w', 'json'])));
    const keep = revisionOf(ok(await run(['put', '/compaction/k', 'v2', '-w', 'json'])));
    expect(ok(await run(['compaction', String(keep), '--physical']))).toBe(`compacted revision ${keep}\n`);
    expect(failure(await run(['get', '/compaction/k', `--rev=${first}`]))).toBe('Error: etcdserver: mvcc: required revision has been compacted');
    expect(ok(await run(['get', '/compaction/k', `--rev=${keep}`]))).toBe('/compaction/k\nv2\n');
    const kept = await etcdctlUntil(t.endpoint, ['watch', '/compaction/k', `--rev=${keep}`], (out) => out.includes('v2'));
    expect(kept.out).toBe('PUT\n/compaction/k\nv2\n');
    expect(failure(await run(['compaction', String(keep)]))).toBe('Error: etcdserver: mvcc: required revision has been compacted');
    expect(failure(await run(['compaction', String(keep + 1000)]))).toBe('Error: etcdserver: mvcc: required revision is a future revision');
  });

  both('lease grant, put --lease, timetolive --keys, keep-alive --once, list, revoke', async (_t, run) => {
    const granted = ok(await run(['lease', 'grant', '60']));
    const id = /^lease ([0-9a-f]{16}) granted with TTL\(60s\)\n$/.exec(granted)?.[1];
    expect(id).toBeDefined();
    expect(ok(await run(['put', '/lease/k', 'v', `--lease=${id}`]))).toBe('OK\n');
    const ttl = ok(await run(['lease', 'timetolive', id!, '--keys']));
    expect(ttl).toMatch(new RegExp(`^lease ${id} granted with TTL\\(60s\\), remaining\\((5\\d|60)s\\), attached keys\\(\\[/lease/k\\]\\)\\n$`));
    expect(ok(await run(['lease', 'keep-alive', '--once', id!]))).toBe(`lease ${id} keepalived with TTL(60)\n`);
    expect(ok(await run(['lease', 'list']))).toContain(`${id}\n`);
    expect(ok(await run(['lease', 'revoke', id!]))).toBe(`lease ${id} revoked\n`);
    expect(ok(await run(['get', '/lease/k']))).toBe('');
    expect(ok(await run(['lease', 'timetolive', id!]))).toBe(`lease ${id} already expired\n`);
    expect(failure(await run(['lease', 'revoke', id!]))).toBe('Error: failed to revoke lease (etcdserver: requested lease not found)');
    expect(failure(await run(['put', '/lease/k', 'v', `--lease=${id}`]))).toBe('Error: etcdserver: requested lease not found');
  });

  both('member list and endpoint status describe the member behind the endpoint; endpoint health commits', async (t, run) => {
    const members = ok(await run(['member', 'list'])).trim().split('\n').map((line) => line.split(', '));
    // ID, status, name, peer URLs, client URLs, is learner
    const self = members.find((m) => m[4] === `http://${t.endpoint}`);
    expect(self).toBeDefined();
    expect(self![1]).toBe('started');
    expect(self![3]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(self![5]).toBe('false');
    // endpoint, ID, version, db size, is leader, is learner, raft term, raft index, raft applied index, errors
    const status = ok(await run(['endpoint', 'status'])).trim().split(', ');
    expect(status[0]).toBe(t.endpoint);
    expect(status[1]).toBe(self![0]);
    expect(status[2]).toMatch(/^3\.4\./);
    // The database's size on disk, as etcdctl prints it (humanized bytes); never nothing, the store has data.
    expect(status[3]).toMatch(/^\d+(\.\d+)? (B|kB|MB)$/);
    expect(status[3]).not.toBe('0 B');
    expect(Number(status[6])).toBeGreaterThanOrEqual(1);
    // etcdctl 3.4 prints the health report on stderr.
    const health = await run(['endpoint', 'health']);
    expect(health.code).toBe(0);
    expect(health.err).toMatch(new RegExp(`^${t.endpoint.replace(/\./g, '\\.')} is healthy: successfully committed proposal`));
  });

  both('move-leader to the current leader changes nothing; member remove or promote of an unknown ID is "member not found"', async (t, run) => {
    const all = servers!.endpoints(t.which).join(',');
    const statuses = ok(await etcdctl(all, ['endpoint', 'status'])).trim().split('\n').map((line) => line.split(', '));
    // endpoint, ID, version, db size, is leader, ...
    const leader = statuses.find((s) => s[4] === 'true')?.[1];
    expect(leader).toBeDefined();
    expect(ok(await etcdctl(all, ['move-leader', leader!]))).toBe(`Leadership transferred from ${leader} to ${leader}\n`);
    expect(failure(await run(['member', 'remove', '1234abcd']))).toBe('Error: etcdserver: member not found');
    expect(failure(await run(['member', 'promote', '1234abcd']))).toBe('Error: etcdserver: member not found');
  });

  both('endpoint hashkv at a revision keeps its hash when later writes come, and changes with them at the new revision', async (t, run) => {
    const first = revisionOf(ok(await run(['put', '/hashkv/k', 'v1', '-w', 'json'])));
    const hashAt = async (rev: number): Promise<string> => {
      const line = ok(await run(['endpoint', 'hashkv', `--rev=${rev}`]));
      expect(line).toMatch(new RegExp(`^${t.endpoint.replace(/\./g, '\\.')}, \\d+\n$`));
      return line.trim().split(', ')[1]!;
    };
    const before = await hashAt(first);
    const second = revisionOf(ok(await run(['put', '/hashkv/k', 'v2', '-w', 'json'])));
    expect(await hashAt(first)).toBe(before);
    expect(await hashAt(second)).not.toBe(before);
  });

  both('a txn with too many operations or a key written twice gets etcd\'s error', async (_t, run) => {
    const puts = Array.from({ length: 129 }, (_, i) => `put /many/${i} x`).join('\n');
    expect(failure(await run(['txn', '-i'], `\n${puts}\n\n\n`))).toBe('Error: etcdserver: too many operations in txn request');
    expect(failure(await run(['txn', '-i'], '\nput /dup/k 1\nput /dup/k 2\n\n\n'))).toBe('Error: etcdserver: duplicate key given in txn request');
  });
});
