/**
 * The built `bin/kvctl` against a real 3-node cluster: stdout, stderr and
 * exit codes of every command, and endpoint failover with a dead endpoint.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcessCluster, REPO_ROOT } from '../support/process-cluster';
import { waitFor } from '../support/wait';

jest.setTimeout(120_000);

const KVCTL = join(REPO_ROOT, 'bin', 'kvctl');
const WATCH_HISTORY = 20;
/** Nothing listens on port 1: a dead endpoint. */
const DEAD = '127.0.0.1:1';

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/** A running kvctl: its output so far, a way to signal it, and its end. */
interface Running {
  readonly output: () => string;
  readonly kill: (signal: NodeJS.Signals) => void;
  readonly done: Promise<Run>;
}

function start(endpoints: readonly string[], args: readonly string[], stdin = ''): Running {
  const child = spawn(process.execPath, [KVCTL, '--endpoints', endpoints.join(','), '--timeout', '5000', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
  child.stdin.end(stdin);
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return {
    output: () => out,
    kill: (signal) => child.kill(signal),
    done: new Promise((resolve) =>
      child.on('close', (code, signal) => {
        clearTimeout(killer);
        resolve({ code, signal, out, err });
      }),
    ),
  };
}

describe('kvctl against a real cluster', () => {
  let cluster: ProcessCluster;
  let all: string[];
  let dir: string;
  const kvctl = (args: readonly string[], stdin = ''): Promise<Run> => start(all, args, stdin).done;
  const currentRevision = async (): Promise<number> => {
    await kvctl(['put', 'revision-probe', 'x']);
    return (JSON.parse((await kvctl(['get', 'revision-probe', '-o', 'json'])).out) as { header: { revision: number } }).header.revision;
  };

  beforeAll(async () => {
    // A short watch history, so a watch from an old revision is compacted.
    cluster = await ProcessCluster.start({ extraArgs: ['--watch-history-revisions', String(WATCH_HISTORY)] });
    await cluster.waitForLeader();
    all = cluster.endpoints();
    dir = mkdtempSync(join(tmpdir(), 'kvctl-it-'));
  });
  afterAll(async () => {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('get, put, del', () => {
    it('puts, reads back in every format, and deletes, with exit codes a script can rely on', async () => {
      expect(await kvctl(['put', 'greeting', 'hello'])).toMatchObject({ code: 0, out: 'OK\n', err: '' });
      expect(await kvctl(['get', 'greeting'])).toMatchObject({ code: 0, out: 'hello\n', err: '' });
      expect(await kvctl(['get', 'greeting', '-o', 'value', '--serializable'])).toMatchObject({ code: 0, out: 'hello\n' });
      const json = JSON.parse((await kvctl(['get', 'greeting', '-o', 'json'])).out) as { header: { revision: number }; kvs: { key: string; value: string; version: number }[] };
      expect(json.kvs).toEqual([expect.objectContaining({ key: 'greeting', value: 'hello', version: 1 })]);
      expect(json.header.revision).toBeGreaterThan(0);
      expect((await kvctl(['get', 'greeting', '-o', 'table'])).out).toMatch(/^KEY +VALUE +CREATE-REV +MOD-REV +VERSION +LEASE\ngreeting +hello +\d+ +\d+ +1 +-\n$/);
      expect(await kvctl(['del', 'greeting'])).toMatchObject({ code: 0, out: '1\n', err: '' });
      expect(await kvctl(['get', 'greeting'])).toMatchObject({ code: 1, out: '', err: 'kvctl: key not found: greeting\n' });
      expect(await kvctl(['del', 'greeting'])).toMatchObject({ code: 1, out: '0\n', err: 'kvctl: key not found: greeting\n' });
    });

    it('reads the value from stdin byte for byte when it is left out, and prints the previous value with --prev-kv', async () => {
      expect(await kvctl(['put', 'multi'], 'line 1\nline 2\n')).toMatchObject({ code: 0, out: 'OK\n' });
      expect((await kvctl(['get', 'multi'])).out).toBe('line 1\nline 2\n\n');
      expect(await kvctl(['put', 'multi', 'new', '--prev-kv'])).toMatchObject({ code: 0, out: 'OK\nmulti\nline 1\nline 2\n\n' });
    });

    it('reads a prefix, a range and counts, with --limit, --keys-only and every format', async () => {
      for (const [k, v] of [['cfg/a', '1'], ['cfg/b', '2'], ['cfg/c', 'three words'], ['cfh', 'outside']]) expect((await kvctl(['put', k ?? '', v ?? ''])).code).toBe(0);
      expect(await kvctl(['get', '--prefix', 'cfg/'])).toMatchObject({ code: 0, out: 'cfg/a\n1\ncfg/b\n2\ncfg/c\nthree words\n' });
      expect((await kvctl(['get', '--prefix', 'cfg/', '-o', 'value'])).out).toBe('1\n2\nthree words\n');
      expect((await kvctl(['get', '--prefix', 'cfg/', '--keys-only'])).out).toBe('cfg/a\ncfg/b\ncfg/c\n');
      expect((await kvctl(['get', 'cfg/a', '--range-end', 'cfg/c', '--keys-only'])).out).toBe('cfg/a\ncfg/b\n');
      expect((await kvctl(['get', 'cfg/b', '--from-key', '--keys-only'])).out).toMatch(/^cfg\/b\ncfg\/c\ncfh\n/);
      expect((await kvctl(['get', '--prefix', 'cfg/', '--count-only'])).out).toBe('3\n');
      const limited = JSON.parse((await kvctl(['get', '--prefix', 'cfg/', '--limit', '2', '-o', 'json'])).out) as { kvs: { key: string }[]; count: number; more: boolean };
      expect(limited).toMatchObject({ count: 2, more: true });
      expect(limited.kvs.map((kv) => kv.key)).toEqual(['cfg/a', 'cfg/b']);
      const tableOut = (await kvctl(['get', '--prefix', 'cfg/', '-o', 'table'])).out.split('\n');
      expect(tableOut[0]).toMatch(/^KEY +VALUE/);
      expect(tableOut[3]).toMatch(/^cfg\/c +three words +\d/);
      // An empty range is not an error.
      expect(await kvctl(['get', '--prefix', 'nothing-here/'])).toMatchObject({ code: 0, out: '' });
    });

    it('deletes a prefix and prints the count and, with --prev-kv, what was deleted', async () => {
      expect((await kvctl(['put', 'tmp/1', 'a'])).code).toBe(0);
      expect((await kvctl(['put', 'tmp/2', 'b'])).code).toBe(0);
      expect(await kvctl(['del', '--prefix', 'tmp/', '--prev-kv'])).toMatchObject({ code: 0, out: '2\ntmp/1\na\ntmp/2\nb\n' });
      expect(await kvctl(['del', '--prefix', 'tmp/'])).toMatchObject({ code: 0, out: '0\n' });
    });

    it('exits 3 with the gRPC status name and message when the server rejects a request', async () => {
      const r = await kvctl(['put', '', 'x']);
      expect(r.code).toBe(3);
      expect(r.err).toMatch(/^kvctl: INVALID_ARGUMENT: key/);
    });
  });

  describe('txn', () => {
    it('runs the success branch from a file, then the failure branch, with --exit-code making FAILED exit 4', async () => {
      expect((await kvctl(['put', 'lock', 'free'])).code).toBe(0);
      const file = join(dir, 'take-lock.txn');
      writeFileSync(file, ['# take the lock if it is free', 'compare:', 'value("lock") = "free"', 'success:', 'put lock me --prev-kv', 'put owner e', 'get lock', 'failure:', 'get lock', 'get owner', ''].join('\n'));
      expect(await kvctl(['txn', '-f', file])).toMatchObject({ code: 0, out: 'SUCCEEDED\nOK\nlock\nfree\nOK\nlock\nme\n', err: '' });
      expect(await kvctl(['txn', '-f', file])).toMatchObject({ code: 0, out: 'FAILED\nlock\nme\nowner\ne\n' });
      expect(await kvctl(['txn', '-f', file, '--exit-code'])).toMatchObject({ code: 4, out: 'FAILED\nlock\nme\nowner\ne\n' });
    });

    it('reads the line format or JSON from stdin, and compares revisions', async () => {
      const rev = (JSON.parse((await kvctl(['get', 'lock', '-o', 'json'])).out) as { kvs: { mod_revision: number }[] }).kvs[0]?.mod_revision;
      expect(await kvctl(['txn'], `compare:\nmod_revision(lock) = ${rev}\nsuccess:\ndel lock\nfailure:\nget lock\n`)).toMatchObject({ code: 0, out: 'SUCCEEDED\n1\n' });
      const json = JSON.stringify({ compare: [{ key: 'lock', target: 'COMPARE_TARGET_VERSION', op: 'COMPARE_OP_EQUAL', version: '0' }], success: [{ request_put: { key: 'lock', value: Buffer.from('json').toString('base64') } }] });
      expect(await kvctl(['txn', '-o', 'json'], json)).toMatchObject({ code: 0 });
      expect((await kvctl(['get', 'lock'])).out).toBe('json\n');
    });

    it('exits 2 on a syntax error, naming the line', async () => {
      expect(await kvctl(['txn'], 'success:\nput only-a-key\n')).toMatchObject({ code: 2, out: '', err: 'kvctl: txn line 2: put takes a key and a value: put KEY VALUE, in: put only-a-key\n' });
    });
  });

  describe('watch', () => {
    it('prints PUT and DELETE lines with --prev-kv and exits 0 after --count events', async () => {
      // Watching from the next revision makes the test independent of when the watch registers.
      const watch = start(all, ['watch', '--prefix', 'w/', '--prev-kv', '--count', '3', '--rev', String((await currentRevision()) + 1)]);
      await kvctl(['put', 'w/k', 'x']);
      await kvctl(['put', 'w/k', 'y']);
      await kvctl(['del', 'w/k']);
      expect(await watch.done).toEqual({ code: 0, signal: null, out: 'PUT w/k x\nPUT w/k y\n  prev: x\nDELETE w/k\n  prev: y\n', err: '' });
    });

    it('replays history from --rev as JSON lines', async () => {
      const first = JSON.parse((await kvctl(['put', 'h/k', 'v1', '-o', 'json'])).out) as { header: { revision: number } };
      await kvctl(['put', 'h/k', 'v2']);
      const r = await kvctl(['watch', 'h/k', '--rev', String(first.header.revision), '--count', '2', '-o', 'json']);
      expect(r.code).toBe(0);
      const events = r.out.trim().split('\n').map((l) => JSON.parse(l) as { type: string; kv: { key: string; value: string; mod_revision: number } });
      expect(events.map((e) => [e.type, e.kv.key, e.kv.value])).toEqual([
        ['PUT', 'h/k', 'v1'],
        ['PUT', 'h/k', 'v2'],
      ]);
      expect(events[0]?.kv.mod_revision).toBe(first.header.revision);
    });

    it('exits 3 with a clear error when --rev is older than the history kept', async () => {
      const client = cluster.client();
      for (let i = 0; i <= WATCH_HISTORY; i += 1) await client.put('churn', Buffer.from(String(i)));
      const r = await kvctl(['watch', 'churn', '--rev', '1']);
      expect(r.code).toBe(3);
      expect(r.out).toBe('');
      expect(r.err).toMatch(/^kvctl: watch history compacted: start_revision 1 is compacted/);
    });

    it('stops on Ctrl-C with exit 0', async () => {
      await kvctl(['put', 'ctrl-c', 'x']);
      const written = (JSON.parse((await kvctl(['get', 'ctrl-c', '-o', 'json'])).out) as { kvs: { mod_revision: number }[] }).kvs[0]?.mod_revision;
      const watch = start(all, ['watch', 'ctrl-c', '--rev', String(written)]);
      await waitFor('the watch to print the put', () => watch.output() === 'PUT ctrl-c x\n', 20_000);
      watch.kill('SIGINT');
      expect(await watch.done).toEqual({ code: 0, signal: null, out: 'PUT ctrl-c x\n', err: '' });
    });
  });

  describe('compact', () => {
    it('drops the history before a revision on every node: a watch from before it is compacted, from it is served', async () => {
      const first = JSON.parse((await kvctl(['put', 'c/k', 'v1', '-o', 'json'])).out) as { header: { revision: number } };
      await kvctl(['put', 'c/k', 'v2']);
      const keep = first.header.revision + 1;
      expect(await kvctl(['compact', String(keep)])).toEqual({ code: 0, signal: null, out: `compacted revision ${keep}\n`, err: '' });
      // Through another node: the compaction went through the log.
      const old = await start([all[2]!], ['watch', 'c/k', '--rev', String(first.header.revision)]).done;
      expect([old.code, old.err]).toEqual([3, expect.stringMatching(/^kvctl: watch history compacted: start_revision \d+ is compacted/)]);
      const kept = await start([all[2]!], ['watch', 'c/k', '--rev', String(keep), '--count', '1']).done;
      expect([kept.code, kept.out]).toEqual([0, 'PUT c/k v2\n']);
      const again = await kvctl(['compact', String(keep)]);
      expect([again.code, again.err]).toEqual([3, expect.stringMatching(/^kvctl: OUT_OF_RANGE: revision \d+ is compacted/)]);
      const future = await kvctl(['compact', '1000000']);
      expect([future.code, future.err]).toEqual([3, expect.stringMatching(/^kvctl: OUT_OF_RANGE: revision 1000000 is a future revision/)]);
    });
  });

  describe('lease', () => {
    it('grants, attaches keys, reports TTL and keys, lists, keeps alive once and revokes', async () => {
      const grant = await kvctl(['lease', 'grant', '60']);
      expect(grant).toMatchObject({ code: 0, err: '' });
      const id = /^lease (\d+) granted with TTL 60s\n$/.exec(grant.out)?.[1] ?? '';
      expect(id).not.toBe('');
      expect((await kvctl(['put', 'l/a', 'x', '--lease', id])).code).toBe(0);
      const ttl = await kvctl(['lease', 'ttl', id, '--keys']);
      expect(ttl.code).toBe(0);
      expect(ttl.out).toMatch(new RegExp(`^lease ${id} granted with TTL 60s, remaining \\d+s\\nl/a\\n$`));
      expect((await kvctl(['lease', 'list'])).out.split('\n')).toContain(id);
      expect((await kvctl(['lease', 'list', '-o', 'table'])).out).toMatch(new RegExp(`^ID +GRANTED-TTL\\n(.*\\n)*${id} +60s\\n`));
      expect(await kvctl(['lease', 'keepalive', id, '--once'])).toMatchObject({ code: 0, out: `lease ${id} keepalived with TTL 60s\n` });
      expect(await kvctl(['lease', 'revoke', id])).toMatchObject({ code: 0, out: `lease ${id} revoked, 1 key(s) deleted\n` });
      expect((await kvctl(['get', 'l/a'])).code).toBe(1);
    });

    it('keepalive renews at a third of the TTL until Ctrl-C, then exits 0', async () => {
      // 6 s: renewals every 2 s, and room for the revoke below (a fresh kvctl
      // process) to arrive before the lease could lapse on a loaded machine.
      const id = /^lease (\d+) /.exec((await kvctl(['lease', 'grant', '6'])).out)?.[1] ?? '';
      const keepalive = start(all, ['lease', 'keepalive', id]);
      await waitFor('two renewals', () => keepalive.output().split('\n').filter(Boolean).length >= 2, 20_000);
      keepalive.kill('SIGINT');
      const r = await keepalive.done;
      expect(r).toMatchObject({ code: 0, err: '' });
      expect(r.out).toMatch(new RegExp(`^(lease ${id} keepalived with TTL 6s\n){2,}$`));
      expect((await kvctl(['lease', 'revoke', id])).code).toBe(0);
    });

    it('exits 1 for a lease that does not exist', async () => {
      expect(await kvctl(['lease', 'ttl', '12345'])).toMatchObject({ code: 1, err: 'kvctl: lease 12345 not found (never granted, expired or revoked)\n' });
      expect((await kvctl(['lease', 'revoke', '12345'])).code).toBe(1);
      expect(await kvctl(['lease', 'keepalive', '12345', '--once'])).toMatchObject({ code: 1, err: 'kvctl: lease 12345 expired or revoked\n' });
      expect((await kvctl(['put', 'k', 'v', '--lease', '12345'])).code).toBe(1);
    });

    it('put --ttl grants a lease and prints it', async () => {
      const r = await kvctl(['put', 'session', 'alive', '--ttl', '30']);
      expect(r.code).toBe(0);
      const id = /^OK\nlease (\d+)\n$/.exec(r.out)?.[1] ?? '';
      expect(id).not.toBe('');
      expect((await kvctl(['lease', 'ttl', id, '--keys'])).out).toMatch(/\nsession\n$/);
    });
  });

  describe('cluster', () => {
    it('status prints one row per member with role, term, indexes and leader', async () => {
      const leader = await cluster.waitForLeader();
      const r = await kvctl(['status']);
      expect(r).toMatchObject({ code: 0, err: '' });
      const rows = r.out.trim().split('\n');
      expect(rows[0]).toMatch(/^ID +ADDRESS +ROLE +TERM +COMMIT +APPLIED +LEADER$/);
      expect(rows).toHaveLength(4);
      for (const id of ['n1', 'n2', 'n3']) {
        expect(r.out).toMatch(new RegExp(`^${id} +127\\.0\\.0\\.1:${cluster.node(id).clientPort} +(${id === leader ? 'leader' : 'follower'}) +\\d+ +\\d+ +\\d+ +${leader}$`, 'm'));
      }
    });

    it('endpoint health reports every endpoint healthy', async () => {
      const r = await kvctl(['endpoint', 'health']);
      expect(r.code).toBe(0);
      expect(r.out.trim().split('\n')).toHaveLength(3);
      expect(r.out).toMatch(/^127\.0\.0\.1:\d+ is healthy: leader n\d, took \d+ms$/m);
    });

    it('member list prints the members', async () => {
      const r = await kvctl(['member', 'list']);
      expect(r).toMatchObject({ code: 0, err: '' });
      expect(r.out).toMatch(/^ID +ROLE +PEER +CLIENT/);
      expect(r.out).toMatch(/voter \(leader\)/);
    });
  });

  describe('failover', () => {
    it('uses the next endpoint when the first is dead, for reads and for writes', async () => {
      const endpoints = [DEAD, ...all];
      expect(await start(endpoints, ['put', 'fo', 'ok']).done).toMatchObject({ code: 0, out: 'OK\n', err: '' });
      expect(await start(endpoints, ['get', 'fo']).done).toMatchObject({ code: 0, out: 'ok\n', err: '' });
      const failed = await start([DEAD], ['get', 'fo']).done;
      expect(failed.code).toBe(3);
      expect(failed.err).toMatch(/^kvctl: UNAVAILABLE: No connection established/);
      const health = await start(endpoints, ['endpoint', 'health']).done;
      expect(health.code).toBe(3);
      expect(health.out).toMatch(/^127\.0\.0\.1:1 is unhealthy: UNAVAILABLE/);
      expect(health.err).toBe('kvctl: 1 of 4 endpoints unhealthy\n');
    });

    it('a watch moves to another endpoint when its node dies, without losing or repeating events; status marks the dead member', async () => {
      // The watch attaches to n1, the first endpoint.
      const watch = start(all, ['watch', '--prefix', 'fw/', '--count', '4', '--rev', String((await currentRevision()) + 1)]);
      expect((await kvctl(['put', 'fw/0', 'v0'])).code).toBe(0);
      await waitFor('the watch to print the first put', () => watch.output() === 'PUT fw/0 v0\n', 20_000);
      await cluster.stopNode('n1', 'SIGKILL');
      await cluster.waitForLeader(20_000, ['n2', 'n3']);
      const rest = cluster.endpoints(['n2', 'n3']);
      for (const i of [1, 2, 3]) expect((await start(rest, ['put', `fw/${i}`, `v${i}`]).done).code).toBe(0);
      const r = await watch.done;
      expect(r.code).toBe(0);
      expect(r.out).toBe('PUT fw/0 v0\nPUT fw/1 v1\nPUT fw/2 v2\nPUT fw/3 v3\n');
      expect(r.err).toMatch(/^kvctl: watch on 127\.0\.0\.1:\d+ failed \(.*\); resuming from revision \d+ on 127\.0\.0\.1:\d+$/m);

      const status = await kvctl(['status']);
      expect(status.code).toBe(3);
      // Nodes bootstrapped with --peers learn only each other's peer addresses, so n1's client address may be unknown.
      expect(status.out).toMatch(/^n1 +(127\.0\.0\.1:\d+|-) +unreachable +- +- +- +-$/m);
      expect(status.out).toMatch(/^n2 +127\.0\.0\.1:\d+ +(leader|follower) /m);
      expect(status.err).toMatch(/^kvctl: member n1 unreachable/);
    });
  });
});
