/** `watch`: stream the changes to a key, a range or a prefix. */
import { Option, type Command } from 'commander';
import { EXIT, examples, positiveInteger, type KvctlContext } from './context';
import { PLAIN_FORMATS, eventJson, jsonLine, simpleEvent, type PlainFormat } from './format';
import { resumableWatch } from './resumable-watch';
import { FROM_KEY_RANGE_END } from './txn-format';

interface WatchFlags {
  prefix?: boolean;
  fromKey?: boolean;
  rangeEnd?: string;
  rev?: number;
  prevKv?: boolean;
  count?: number;
  output: PlainFormat;
}

export function registerWatchCommand(program: Command, ctx: KvctlContext): void {
  program
    .command('watch')
    .summary('print changes to a key, a range or a prefix as they happen')
    .description(
      'Print each change as it is committed, until Ctrl-C or --count events (then exit 0). ' +
        'Output: `PUT <key> <value>` or `DELETE <key>` lines, each followed with --prev-kv by a line ' +
        '"  prev: <value>" when the key existed before; -o json prints one JSON object per event and line ' +
        '{type, kv, prev_kv}.\n\n' +
        'When the node watched fails, the watch moves to the next endpoint and resumes after the last ' +
        'revision printed, so no event is lost or repeated (a note goes to stderr). If --rev is older ' +
        `than the history the node keeps, it exits ${EXIT.failed} with a "compacted" error: read the keys ` +
        'again and watch from the revision of that read + 1.',
    )
    .argument('<key>')
    .addOption(new Option('--prefix', 'watch every key starting with <key>').conflicts(['fromKey', 'rangeEnd']))
    .addOption(new Option('--from-key', 'watch every key >= <key>').conflicts(['rangeEnd']))
    .option('--range-end <end>', 'watch the keys in [<key>, <end>)')
    .option('--rev <revision>', 'start with the changes at this revision (default: changes from now on)', positiveInteger)
    .option('--prev-kv', "print each changed key's previous value")
    .option('--count <n>', 'exit after n events', positiveInteger)
    .addOption(new Option('-o, --output <format>', 'output format').choices(PLAIN_FORMATS).default('simple'))
    .addHelpText('after', examples('kvctl watch config', 'kvctl watch --prefix jobs/ --prev-kv', 'kvctl watch config --rev 120 --count 1 -o json'))
    .action((key: string, flags: WatchFlags) =>
      ctx.run(async (client) => {
        ctx.io.interruptible();
        let seen = 0;
        const end = await resumableWatch(
          client,
          {
            key,
            ...(flags.prefix === true ? { prefix: true } : {}),
            ...(flags.fromKey === true ? { range_end: FROM_KEY_RANGE_END } : flags.rangeEnd !== undefined ? { range_end: flags.rangeEnd } : {}),
            start_revision: String(flags.rev ?? 0),
            ...(flags.prevKv === true ? { prev_kv: true } : {}),
          },
          {
            signal: ctx.io.signal,
            createTimeoutMs: ctx.timeoutMs,
            giveUpAfterMs: ctx.timeoutMs,
            onEvents: (events) => {
              for (const ev of events) {
                ctx.out(flags.output === 'json' ? jsonLine(eventJson(ev)) : simpleEvent(ev));
                seen += 1;
                if (flags.count !== undefined && seen >= flags.count) return true;
              }
              return false;
            },
            onResume: ({ from, to, nextRevision, reason }) =>
              ctx.fail(`watch on ${from} failed (${reason}); resuming from ${nextRevision === 0 ? "now" : `revision ${nextRevision}`} on ${to}`),
          },
        );
        switch (end.kind) {
          case 'stopped':
            return EXIT.ok;
          case 'compacted':
            ctx.fail(`watch history compacted: ${end.error.details}`);
            return EXIT.failed;
          case 'failed':
            throw end.error;
        }
      }),
    );
}
