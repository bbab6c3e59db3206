import type { MemberContext } from '../../../src/codec/member-codec';
import { InvalidArgumentError, NoLeaderError, NotAttemptedError, TimeoutError } from '../../../src/errors';
import { decodeCommand, encodeResult, type CommandResult } from '../../../src/kv/command';
import { ClientAddressRecorder, type RecorderNode } from '../../../src/node/client-address-recorder';
import type { AppliedEntry } from '../../../src/node/proposal-registry';
import { silentLogger } from '../../../src/logger';

const ADDRESS = '127.0.0.1:50051';
const FAST = { pollMs: 5, backoffMs: 5, maxBackoffMs: 20, attemptTimeoutMs: 1000 };

/** A node whose proposals go to `answer`; a proposal that records applies it to the book, as the log would. */
function fakeNode(answer: (call: number) => CommandResult | Error, own: MemberContext | null = { peerAddress: 'p:1', clientAddress: '', autoPromote: false }): RecorderNode & { proposals: unknown[]; book: Map<string, MemberContext>; lead: string } {
  const book = new Map<string, MemberContext>(own === null ? [] : [['n1', own]]);
  const proposals: unknown[] = [];
  const node = {
    id: 'n1',
    lead: 'n2',
    get leader(): string {
      return node.lead;
    },
    book,
    proposals,
    members: () => book,
    propose(command: Uint8Array): Promise<AppliedEntry> {
      const cmd = decodeCommand(command);
      proposals.push(cmd);
      const outcome = answer(proposals.length);
      if (outcome instanceof Error) return Promise.reject(outcome);
      if (outcome.found && cmd.op === 'member-update') {
        const current = book.get(cmd.id);
        if (current !== undefined) book.set(cmd.id, { ...current, clientAddress: cmd.clientAddress });
      }
      return Promise.resolve({ index: 10 + proposals.length, term: 1, result: encodeResult(outcome) });
    },
  };
  return node;
}

function recorder(node: RecorderNode, extra: { giveUpAfterMs?: number } = {}): ClientAddressRecorder {
  return new ClientAddressRecorder({ node, clientAddress: ADDRESS, logger: silentLogger, ...FAST, ...extra });
}

describe('ClientAddressRecorder', () => {
  it('proposes a member-update for this node once a leader is known, and stops once recorded', async () => {
    const node = fakeNode(() => ({ found: true, revision: 0 }));
    node.lead = '';
    const r = recorder(node);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(node.proposals).toEqual([]);
    node.lead = 'n2';
    await expect(r.done).resolves.toBe('recorded');
    expect(node.proposals).toEqual([{ op: 'member-update', id: 'n1', clientAddress: ADDRESS }]);
    expect(node.book.get('n1')?.clientAddress).toBe(ADDRESS);
  });

  it('does nothing when the book already holds this address', async () => {
    const node = fakeNode(() => ({ found: true, revision: 0 }), { peerAddress: 'p:1', clientAddress: ADDRESS, autoPromote: false });
    await expect(recorder(node).done).resolves.toBe('already-recorded');
    expect(node.proposals).toEqual([]);
  });

  it('records a changed address (restarted with another --advertise-client-addr)', async () => {
    const node = fakeNode(() => ({ found: true, revision: 0 }), { peerAddress: 'p:1', clientAddress: 'old:1', autoPromote: true });
    await expect(recorder(node).done).resolves.toBe('recorded');
    expect(node.book.get('n1')).toEqual({ peerAddress: 'p:1', clientAddress: ADDRESS, autoPromote: true });
  });

  it('retries errors where the command was not attempted or its outcome is unknown, and a leader that does not list us yet', async () => {
    const answers: (CommandResult | Error)[] = [new NoLeaderError(), new NotAttemptedError('leadership moving', 'n3'), new TimeoutError('outcome unknown'), new Error('14 UNAVAILABLE'), { found: false, revision: 0 }];
    const node = fakeNode((call) => answers[call - 1] ?? { found: true, revision: 0 });
    await expect(recorder(node).done).resolves.toBe('recorded');
    expect(node.proposals).toHaveLength(6);
  });

  it('stops at a deterministic refusal (a cluster that cannot apply the command)', async () => {
    const refused = fakeNode(() => ({ found: false, revision: 0, error: { code: 'RAFTKV_ERR_INVALID_ARGUMENT', message: 'client_address: must not be empty' } }));
    await expect(recorder(refused).done).resolves.toBe('refused');
    expect(refused.proposals).toHaveLength(1);
    const undecodable = fakeNode(() => new InvalidArgumentError('command', 'entry 7 does not hold a valid command'));
    await expect(recorder(undecodable).done).resolves.toBe('refused');
    expect(undecodable.proposals).toHaveLength(1);
  });

  it('gives up after a bounded time', async () => {
    const node = fakeNode(() => new NoLeaderError());
    const started = Date.now();
    await expect(recorder(node, { giveUpAfterMs: 60 }).done).resolves.toBe('gave-up');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(node.proposals.length).toBeGreaterThan(1);
  });

  it('waits while its own record is missing (a join still on its way), and stops when asked', async () => {
    const node = fakeNode(() => ({ found: true, revision: 0 }), null);
    const r = recorder(node);
    await new Promise((resolve) => setTimeout(resolve, 30));
    r.stop();
    await expect(r.done).resolves.toBe('stopped');
    expect(node.proposals).toEqual([]);
  });
});
