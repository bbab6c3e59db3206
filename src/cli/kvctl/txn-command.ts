/** `txn`: compares, then the success or the failure operations, atomically. */
import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { EXIT, UsageError, examples, type KvctlContext } from './context';
import { PLAIN_FORMATS, jsonDocument, simpleTxn, txnJson, type PlainFormat } from './format';
import { TXN_FORMAT_HELP, parseTxn } from './txn-format';

interface TxnFlags {
  file?: string;
  exitCode?: boolean;
  output: PlainFormat;
}

export function registerTxnCommand(program: Command, ctx: KvctlContext): void {
  program
    .command('txn')
    .summary('run a transaction from a file or stdin')
    .description(
      'Run a transaction: if every compare holds, the success operations, else the failure operations, ' +
        'atomically at one revision. Prints SUCCEEDED or FAILED, then the result of each operation of the ' +
        'branch that ran (put: OK; del: the deleted count; get: as `kvctl get` prints a range). ' +
        'Exits 0 whichever branch ran, unless --exit-code.\n\n' +
        TXN_FORMAT_HELP,
    )
    .option('-f, --file <path>', 'read the transaction from this file instead of stdin')
    .option('--exit-code', `exit ${EXIT.txnFailed} when the compares did not hold (FAILED)`)
    .addOption(new Option('-o, --output <format>', 'output format').choices(PLAIN_FORMATS).default('simple'))
    .addHelpText('after', examples('kvctl txn -f swap.txn', 'kvctl txn --exit-code < swap.txn && echo swapped', "printf 'compare:\\nversion(lock) = 0\\nsuccess:\\nput lock me\\n' | kvctl txn"))
    .action((flags: TxnFlags) =>
      ctx.run(async (client) => {
        const text = await readInput(ctx, flags.file);
        const request = parseTxn(text);
        const response = await client.txn(request);
        ctx.out(flags.output === 'json' ? jsonDocument(txnJson(response)) : simpleTxn(request, response));
        return !response.succeeded && flags.exitCode === true ? EXIT.txnFailed : EXIT.ok;
      }),
    );
}

async function readInput(ctx: KvctlContext, file: string | undefined): Promise<string> {
  if (file === undefined) return (await ctx.io.readStdin()).toString('utf8');
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}
