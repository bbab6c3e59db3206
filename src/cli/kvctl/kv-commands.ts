/** `get`, `put` and `del`: one key, a range or a prefix. */
import { Option, type Command } from 'commander';
import type { KvClient } from '../kv-client';
import type { KeyValue__Output } from '../../generated/raftkv/kv/v1/KeyValue';
import type { RangeRequest } from '../../generated/raftkv/kv/v1/RangeRequest';
import type { ResponseHeader__Output } from '../../generated/raftkv/kv/v1/ResponseHeader';
import { EXIT, examples, leaseId, positiveInteger, type KvctlContext } from './context';
import { GET_FORMATS, PLAIN_FORMATS, headerJson, jsonDocument, keyValueJson, kvTable, lines, rawValue, simpleKvs, valueKvs, type GetFormat, type PlainFormat } from './format';
import { FROM_KEY_RANGE_END } from './txn-format';

/** The server's largest page (kv.proto RangeRequest.limit). */
const MAX_PAGE = 10_000;

interface RangeFlags {
  prefix?: boolean;
  fromKey?: boolean;
  rangeEnd?: string;
}

/** The range a command names: one key unless --prefix, --from-key or --range-end. */
function rangeOf(key: string, flags: RangeFlags): { key: string; prefix?: boolean; range_end?: string } | undefined {
  if (flags.prefix === true) return { key, prefix: true };
  if (flags.fromKey === true) return { key, range_end: FROM_KEY_RANGE_END };
  if (flags.rangeEnd !== undefined) return { key, range_end: flags.rangeEnd };
  return undefined;
}

function rangeOptions(cmd: Command, verb: string): Command {
  return cmd
    .addOption(new Option('--prefix', `${verb} every key starting with <key> ("" for every key)`).conflicts(['fromKey', 'rangeEnd']))
    .addOption(new Option('--from-key', `${verb} every key >= <key>`).conflicts(['rangeEnd']))
    .addOption(new Option('--range-end <end>', `${verb} the keys in [<key>, <end>)`));
}

interface GetFlags extends RangeFlags {
  limit?: number;
  keysOnly?: boolean;
  countOnly?: boolean;
  serializable?: boolean;
  output: GetFormat;
}

export interface Page {
  header: ResponseHeader__Output | null;
  kvs: KeyValue__Output[];
  more: boolean;
}

/** Reads a whole range page by page (up to `limit` keys): the header is the first page's. */
export async function readRange(client: Pick<KvClient, 'range'>, request: RangeRequest, limit: number | undefined): Promise<Page> {
  const kvs: KeyValue__Output[] = [];
  let header: ResponseHeader__Output | null = null;
  let pageToken = '';
  for (;;) {
    const want = limit === undefined ? 0 : Math.min(limit - kvs.length, MAX_PAGE);
    const page = await client.range({ ...request, limit: want, page_token: pageToken });
    header ??= page.header;
    kvs.push(...page.kvs);
    const reachedLimit = limit !== undefined && kvs.length >= limit;
    if (!page.more || reachedLimit || page.next_page_token === '') return { header, kvs, more: page.more };
    pageToken = page.next_page_token;
  }
}

function printKvs(ctx: KvctlContext, page: Page, flags: GetFlags, singleKey: boolean): void {
  const keysOnly = flags.keysOnly === true;
  switch (flags.output) {
    case 'json':
      ctx.out(jsonDocument({ header: headerJson(page.header), kvs: page.kvs.map((kv) => keyValueJson(kv, { keysOnly })), count: page.kvs.length, more: page.more }));
      return;
    case 'table':
      ctx.out(kvTable(page.kvs, { keysOnly }));
      return;
    case 'value':
      ctx.out(keysOnly ? simpleKvs(page.kvs, { keysOnly }) : valueKvs(page.kvs));
      return;
    case 'simple':
      ctx.out(simpleKvs(page.kvs, { keysOnly, singleKey }));
      return;
  }
}

async function get(ctx: KvctlContext, client: KvClient, key: string, flags: GetFlags): Promise<number> {
  const range = rangeOf(key, flags);
  const consistency = flags.serializable === true ? 'CONSISTENCY_SERIALIZABLE' : 'CONSISTENCY_LINEARIZABLE';
  if (flags.countOnly === true) {
    const res = await client.range({ ...(range ?? { key }), count_only: true, consistency });
    ctx.out(flags.output === 'json' ? jsonDocument({ header: headerJson(res.header), count: Number(res.count) }) : lines([res.count]));
    return EXIT.ok;
  }
  if (range === undefined && flags.keysOnly !== true) {
    // One key: Get, which every server version answers.
    const res = await client.get(key, consistency);
    if (!res.found) {
      ctx.fail(`key not found: ${key}`);
      return EXIT.notFound;
    }
    const kv: KeyValue__Output = res.kv ?? { key, value: res.value, create_revision: '0', mod_revision: '0', version: '0', lease: '0' };
    printKvs(ctx, { header: res.header, kvs: [{ ...kv, value: res.value }], more: false }, flags, true);
    return EXIT.ok;
  }
  const page = await readRange(client, { ...(range ?? { key }), keys_only: flags.keysOnly === true, consistency }, range === undefined ? 1 : flags.limit);
  if (range === undefined && page.kvs.length === 0) {
    ctx.fail(`key not found: ${key}`);
    return EXIT.notFound;
  }
  printKvs(ctx, page, flags, range === undefined);
  return EXIT.ok;
}

interface PutFlags {
  ttl?: number;
  lease?: string;
  prevKv?: boolean;
  output: PlainFormat;
}

async function put(ctx: KvctlContext, client: KvClient, key: string, value: Buffer, flags: PutFlags): Promise<number> {
  const res = await client.put(key, value, {
    ...(flags.ttl !== undefined ? { ttl_seconds: flags.ttl } : {}),
    ...(flags.lease !== undefined ? { lease: flags.lease } : {}),
    ...(flags.prevKv === true ? { prev_kv: true } : {}),
  });
  if (flags.output === 'json') {
    ctx.out(jsonDocument({ header: headerJson(res.header), lease: res.lease || '0', ...(res.prev_kv ? { prev_kv: keyValueJson(res.prev_kv) } : {}) }));
    return EXIT.ok;
  }
  const granted = flags.ttl !== undefined ? [`lease ${res.lease}`] : [];
  const prev = res.prev_kv ? [res.prev_kv.key, rawValue(res.prev_kv)] : [];
  ctx.out(lines(['OK', ...granted, ...prev]));
  return EXIT.ok;
}

interface DelFlags extends RangeFlags {
  prevKv?: boolean;
  output: PlainFormat;
}

async function del(ctx: KvctlContext, client: KvClient, key: string, flags: DelFlags): Promise<number> {
  const range = rangeOf(key, flags);
  const res = await client.delete(key, { ...(range ?? {}), ...(flags.prevKv === true ? { prev_kv: true } : {}) });
  // A server without the `deleted` count still says whether it found the key.
  const deleted = Number(res.deleted) || (res.found ? 1 : 0);
  if (flags.output === 'json') {
    ctx.out(jsonDocument({ header: headerJson(res.header), deleted, prev_kvs: res.prev_kvs.map((kv) => keyValueJson(kv)) }));
  } else {
    ctx.out(lines([String(deleted), ...res.prev_kvs.flatMap((kv) => [kv.key, rawValue(kv)])]));
  }
  if (range === undefined && deleted === 0) {
    ctx.fail(`key not found: ${key}`);
    return EXIT.notFound;
  }
  return EXIT.ok;
}

export function registerKvCommands(program: Command, ctx: KvctlContext): void {
  rangeOptions(
    program
      .command('get')
      .summary('read a key, a range or a prefix')
      .description(
        'Read one key (exit 1 when it does not exist), or with --prefix, --from-key or --range-end every key of a ' +
          'range in key order, reading page after page (up to --limit keys).\n\n' +
          'Output (-o): simple (default) prints the value of one key, or key and value lines in turn for a ' +
          'range; value prints raw values only, one per line; table prints key, value, create and mod ' +
          'revision, version and lease; json prints one document {header, kvs, count, more} (a value ' +
          'that is not UTF-8 is given as value_base64).',
      )
      .argument('<key>'),
    'read',
  )
    .option('--limit <n>', 'read at most n keys', positiveInteger)
    .option('--keys-only', 'keys and metadata without values')
    .option('--count-only', 'print only the number of keys')
    .option('--serializable', 'read the local node at once (may be stale) instead of a linearizable read')
    .addOption(new Option('-o, --output <format>', 'output format').choices(GET_FORMATS).default('simple'))
    .addHelpText('after', examples('kvctl get greeting', 'kvctl get --prefix config/ -o table', 'kvctl get a --range-end c --keys-only', 'kvctl get --prefix "" --count-only', 'kvctl get greeting -o json'))
    .action((key: string, flags: GetFlags) => ctx.run((c) => get(ctx, c, key, flags)));

  program
    .command('put')
    .summary('set a key to a value')
    .description('Set a key to a value. Without <value> the value is read from stdin, byte for byte (a final newline is kept).')
    .argument('<key>')
    .argument('[value]', 'the value, as UTF-8 text')
    .addOption(new Option('--ttl <seconds>', 'attach the key to a new lease of this many seconds (prints "lease <id>")').argParser(positiveInteger).conflicts('lease'))
    .option('--lease <id>', 'attach the key to an existing lease', leaseId)
    .option('--prev-kv', 'print the previous key and value')
    .addOption(new Option('-o, --output <format>', 'output format').choices(PLAIN_FORMATS).default('simple'))
    .addHelpText('after', examples('kvctl put greeting hello', 'kvctl put session alive --ttl 30', 'printf "%s" "$CONFIG" | kvctl put config', 'kvctl put greeting hi --prev-kv'))
    .action((key: string, value: string | undefined, flags: PutFlags) =>
      ctx.run(async (c) => put(ctx, c, key, value !== undefined ? Buffer.from(value, 'utf8') : await ctx.io.readStdin(), flags)),
    );

  rangeOptions(
    program
      .command('del')
      .summary('delete a key, a range or a prefix')
      .description('Delete one key, or a range with --prefix, --from-key or --range-end, and print how many keys were deleted. Exit 1 when a single key did not exist.')
      .argument('<key>'),
    'delete',
  )
    .option('--prev-kv', 'also print each deleted key and value')
    .addOption(new Option('-o, --output <format>', 'output format').choices(PLAIN_FORMATS).default('simple'))
    .addHelpText('after', examples('kvctl del greeting', 'kvctl del --prefix tmp/', 'kvctl del a --range-end c --prev-kv'))
    .action((key: string, flags: DelFlags) => ctx.run((c) => del(ctx, c, key, flags)));
}
