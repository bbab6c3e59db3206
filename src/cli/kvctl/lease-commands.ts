/** `lease grant|revoke|keepalive|ttl|list`. */
import * as grpc from '@grpc/grpc-js';
import { Option, type Command } from 'commander';
import type { KvClient } from '../kv-client';
import type { LeaseKeepAliveResponse__Output } from '../../generated/raftkv/kv/v1/LeaseKeepAliveResponse';
import { EXIT, describeError, examples, isServiceError, leaseId, positiveInteger, type KvctlContext } from './context';
import { PLAIN_FORMATS, headerJson, jsonDocument, jsonLine, lines, table, type PlainFormat } from './format';

const LIST_FORMATS = ['simple', 'table', 'json'] as const;
type ListFormat = (typeof LIST_FORMATS)[number];

const outputOption = (): Option => new Option('-o, --output <format>', 'output format').choices(PLAIN_FORMATS).default('simple');

export function registerLeaseCommands(program: Command, ctx: KvctlContext): void {
  const lease = program
    .command('lease')
    .summary('grant, revoke, keep alive and inspect leases')
    .description('Leases: a key put with --lease or --ttl is deleted when its lease expires or is revoked.')
    .addHelpText('after', examples('id=$(kvctl lease grant 30 | cut -d" " -f2)', 'kvctl put session alive --lease "$id"', 'kvctl lease keepalive "$id"', 'kvctl lease ttl "$id" --keys', 'kvctl lease revoke "$id"'));

  lease
    .command('grant')
    .description('Grant a lease of <ttl> seconds (at least 2) and print "lease <id> granted with TTL <ttl>s".')
    .argument('<ttl>', 'lifetime in seconds without keep-alives', positiveInteger)
    .addOption(outputOption())
    .addHelpText('after', examples('kvctl lease grant 60', 'kvctl lease grant 60 -o json'))
    .action((ttl: number, flags: { output: PlainFormat }) =>
      ctx.run(async (c) => {
        const res = await c.leaseGrant(ttl);
        ctx.out(flags.output === 'json' ? jsonDocument({ header: headerJson(res.header), id: res.id, ttl_seconds: Number(res.ttl_seconds) }) : lines([`lease ${res.id} granted with TTL ${res.ttl_seconds}s`]));
        return EXIT.ok;
      }),
    );

  lease
    .command('revoke')
    .description(`Revoke a lease and delete every key attached to it. Exit ${EXIT.notFound} when the lease does not exist.`)
    .argument('<id>', 'lease id', leaseId)
    .addOption(outputOption())
    .addHelpText('after', examples('kvctl lease revoke 7587862245000000001'))
    .action((id: string, flags: { output: PlainFormat }) =>
      ctx.run(async (c) => {
        const res = await c.leaseRevoke(id);
        ctx.out(flags.output === 'json' ? jsonDocument({ header: headerJson(res.header), deleted: Number(res.deleted) }) : lines([`lease ${id} revoked, ${res.deleted} key(s) deleted`]));
        return EXIT.ok;
      }),
    );

  lease
    .command('ttl')
    .description(`Print a lease's granted and remaining TTL, and with --keys its keys (one per line). Exit ${EXIT.notFound} when it does not exist.`)
    .argument('<id>', 'lease id', leaseId)
    .option('--keys', 'list the keys attached to the lease')
    .addOption(outputOption())
    .addHelpText('after', examples('kvctl lease ttl 7587862245000000001 --keys'))
    .action((id: string, flags: { keys?: boolean; output: PlainFormat }) =>
      ctx.run(async (c) => {
        const res = await c.leaseTimeToLive(id, flags.keys === true);
        if (Number(res.ttl_seconds) < 0) {
          ctx.fail(`lease ${id} not found (never granted, expired or revoked)`);
          return EXIT.notFound;
        }
        if (flags.output === 'json') {
          ctx.out(jsonDocument({ header: headerJson(res.header), id: res.id, ttl_seconds: Number(res.ttl_seconds), granted_ttl_seconds: Number(res.granted_ttl_seconds), ...(flags.keys === true ? { keys: res.keys } : {}) }));
        } else {
          ctx.out(lines([`lease ${id} granted with TTL ${res.granted_ttl_seconds}s, remaining ${res.ttl_seconds}s`, ...res.keys]));
        }
        return EXIT.ok;
      }),
    );

  lease
    .command('list')
    .description('List every lease: ids one per line (simple), or with their granted TTL (table, json).')
    .addOption(new Option('-o, --output <format>', 'output format').choices(LIST_FORMATS).default('simple'))
    .addHelpText('after', examples('kvctl lease list', 'kvctl lease list -o table'))
    .action((flags: { output: ListFormat }) =>
      ctx.run(async (c) => {
        const res = await c.leaseLeases();
        switch (flags.output) {
          case 'simple':
            ctx.out(lines(res.leases.map((l) => l.id)));
            break;
          case 'table':
            ctx.out(table(['ID', 'GRANTED-TTL'], res.leases.map((l) => [l.id, `${l.granted_ttl_seconds}s`])));
            break;
          case 'json':
            ctx.out(jsonDocument({ header: headerJson(res.header), leases: res.leases.map((l) => ({ id: l.id, granted_ttl_seconds: Number(l.granted_ttl_seconds) })) }));
            break;
        }
        return EXIT.ok;
      }),
    );

  lease
    .command('keepalive')
    .description(
      'Keep a lease alive: renew it every third of its TTL and print "lease <id> keepalived with TTL <ttl>s" ' +
        `each time, until Ctrl-C (exit 0), or once with --once. Exit ${EXIT.notFound} when the lease expired or was revoked. ` +
        'A failed node is left for the next endpoint (renewing is safe to repeat).',
    )
    .argument('<id>', 'lease id', leaseId)
    .option('--once', 'renew once and exit')
    .addOption(outputOption())
    .addHelpText('after', examples('kvctl lease keepalive 7587862245000000001', 'kvctl lease keepalive 7587862245000000001 --once'))
    .action((id: string, flags: { once?: boolean; output: PlainFormat }) => ctx.run((c) => keepAlive(ctx, c, id, flags)));
}

type KeepAliveEnd = { kind: 'stopped' } | { kind: 'gone' } | { kind: 'broken'; error: unknown };

/** Renew at a third of the TTL, as etcd clients do: two renewals may fail before the lease expires. */
function renewDelayMs(ttlSeconds: number): number {
  return Math.max(500, (ttlSeconds * 1000) / 3);
}

async function keepAlive(ctx: KvctlContext, client: KvClient, id: string, flags: { once?: boolean; output: PlainFormat }): Promise<number> {
  ctx.io.interruptible();
  const endpoints = client.endpoints;
  let index = client.currentIndex;
  let failuresInRow = 0;
  const attempt = (): Promise<KeepAliveEnd & { renewed: boolean }> =>
    new Promise((resolve) => {
      let renewed = false;
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const stream = client.keepAliveOn(index);
      const finish = (end: KeepAliveEnd): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        ctx.io.signal.removeEventListener('abort', onAbort);
        stream.cancel();
        resolve({ ...end, renewed });
      };
      const onAbort = (): void => finish({ kind: 'stopped' });
      const send = (): void => {
        stream.write({ id });
        timer = setTimeout(() => finish({ kind: 'broken', error: new Error(`no answer within ${ctx.timeoutMs} ms`) }), ctx.timeoutMs);
      };
      if (ctx.io.signal.aborted) return finish({ kind: 'stopped' });
      ctx.io.signal.addEventListener('abort', onAbort, { once: true });
      stream.on('data', (res: LeaseKeepAliveResponse__Output) => {
        if (settled) return;
        clearTimeout(timer);
        const ttl = Number(res.ttl_seconds);
        if (ttl <= 0) return finish({ kind: 'gone' });
        renewed = true;
        ctx.out(flags.output === 'json' ? jsonLine({ id, ttl_seconds: ttl }) : lines([`lease ${id} keepalived with TTL ${ttl}s`]));
        if (flags.once === true) return finish({ kind: 'stopped' });
        timer = setTimeout(send, renewDelayMs(ttl));
      });
      stream.on('error', (error: unknown) => finish({ kind: 'broken', error }));
      stream.on('end', () => finish({ kind: 'broken', error: new Error('the server ended the keep-alive stream') }));
      send();
    });

  for (;;) {
    const end = await attempt();
    if (end.kind === 'stopped') return EXIT.ok;
    if (end.kind === 'gone') {
      ctx.fail(`lease ${id} expired or revoked`);
      return EXIT.notFound;
    }
    const { error } = end;
    if (isServiceError(error) && (error.code === grpc.status.NOT_FOUND || error.code === grpc.status.INVALID_ARGUMENT || error.code === grpc.status.UNIMPLEMENTED)) throw error;
    failuresInRow = end.renewed ? 1 : failuresInRow + 1;
    // One round over every endpoint without a renewal: the cluster is not answering.
    if (failuresInRow > endpoints.length) throw error;
    const from = endpoints[index] ?? '';
    index = (index + 1) % endpoints.length;
    ctx.fail(`keep-alive on ${from} failed (${describeError(error)}); continuing on ${endpoints[index] ?? ''}`);
  }
}
