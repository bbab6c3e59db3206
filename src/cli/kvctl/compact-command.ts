/** `compact <revision>`: KVService.Compact, the history before a revision dropped on every node. */
import { Option, type Command } from 'commander';
import { EXIT, examples, positiveInteger, type KvctlContext } from './context';
import { PLAIN_FORMATS, headerJson, jsonDocument, lines, type PlainFormat } from './format';

export function registerCompactCommand(program: Command, ctx: KvctlContext): void {
  program
    .command('compact')
    .summary('drop the history before a revision')
    .description(
      'Drop the history before <revision> on every node: a get or watch of an older revision then fails as compacted, ' +
        'while <revision> itself stays readable. A revision above the current one, or one already compacted, is refused.',
    )
    .argument('<revision>', 'the oldest revision to keep', positiveInteger)
    .addOption(new Option('-o, --output <format>', 'output format').choices(PLAIN_FORMATS).default('simple'))
    .addHelpText('after', examples('kvctl compact 1200', 'kvctl compact "$(kvctl get k -o json | jq .header.revision)"'))
    .action((revision: number, flags: { output: PlainFormat }) =>
      ctx.run(async (c) => {
        const res = await c.compact(revision);
        ctx.out(flags.output === 'json' ? jsonDocument({ header: headerJson(res.header), revision }) : lines([`compacted revision ${revision}`]));
        return EXIT.ok;
      }),
    );
}
