import { mismatch, parseConsoleBlocks } from '../../support/doc-examples';

describe('runnable examples in Markdown', () => {
  it('finds commands, continuations, exit codes and output in console blocks only', () => {
    const md = [
      'text',
      '```sh',
      '$ not run',
      '```',
      '```console',
      '$ echo one \\',
      '  two',
      'one two',
      '$ false  # exit 1',
      '```',
    ].join('\n');
    expect(parseConsoleBlocks(md)).toEqual([
      { command: 'echo one \n  two', expected: 'one two', exitCode: 0, line: 6 },
      { command: 'false', expected: '', exitCode: 1, line: 9 },
    ]);
  });

  it('matches lines with … wildcards and JSON by the keys shown', () => {
    expect(mismatch('rev 5 term …', 'rev 5 term 12\n')).toBeUndefined();
    expect(mismatch('rev 5 term …', 'rev 6 term 12')).toMatch(/line 1/);
    expect(mismatch('{"a": {"b": "…"}, "c": [1]}', '{"a": {"b": "x", "z": 1}, "c": [1], "d": 2}')).toBeUndefined();
    expect(mismatch('{"a": "1"}', '{"a": "2"}')).toMatch(/\$\.a/);
    expect(mismatch('{"a": "…"}', '{}')).toMatch(/missing/);
  });
});
