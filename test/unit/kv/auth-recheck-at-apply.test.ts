/**
 * Permissions checked again at apply (src/auth/apply-check.ts): a client's
 * command carries the user and auth revision its door checked; when the
 * auth state has moved by the time it applies, it is checked again there,
 * alike on every node, and fails PERMISSION_DENIED changing nothing.
 */
import type { AuthChange } from '../../../src/auth/auth-state';
import { decodeResult, encodeResult, throwIfFailed, type AuthStamp, type KvCommand } from '../../../src/kv/command';
import { PermissionDeniedError } from '../../../src/errors';
import { compare, grantCmd, harnesses, putOp, rangeOp, text, txn, type Harness } from './support';

const auth = (change: AuthChange): KvCommand => ({ op: 'auth', change });
const RW = (key: string, rangeEnd = ''): KvCommand => auth({ kind: 'role-grant-permission', role: 'app', permission: { type: 'readwrite', key: Buffer.from(key), rangeEnd: Buffer.from(rangeEnd) } });

describe('permission re-check at apply', () => {
  const dirs = harnesses();
  let h: Harness;
  /** The auth revision once alice holds readwrite on app/ (the door's view). */
  let granted: number;

  beforeEach(async () => {
    h = await dirs.make();
    await h.apply(
      auth({ kind: 'user-add', user: 'root', passwordHash: '', noPassword: true }),
      auth({ kind: 'user-grant-role', user: 'root', role: 'root' }),
      auth({ kind: 'user-add', user: 'alice', passwordHash: '', noPassword: true }),
      auth({ kind: 'role-add', role: 'app' }),
      RW('app/', 'app0'),
      auth({ kind: 'user-grant-role', user: 'alice', role: 'app' }),
      auth({ kind: 'enable' }),
    );
    granted = h.machine.authState().revision;
  });
  afterEach(() => dirs.cleanup());

  const alice = (): AuthStamp => ({ user: 'alice', revision: granted });
  const put = (key: string, stamp: AuthStamp | undefined, value = 'v'): KvCommand => ({ op: 'txn', txn: txn([putOp(key, value)]), ...(stamp && { stamp }) });
  const denial = async (command: KvCommand): Promise<string | undefined> => {
    const result = await h.one(command);
    try {
      // Through the result's bytes, as the proposer receives it.
      throwIfFailed(decodeResult(encodeResult(result)));
      return undefined;
    } catch (err) {
      expect(err).toBeInstanceOf(PermissionDeniedError);
      return (err as Error).message;
    }
  };
  const value = async (key: string): Promise<string | undefined> => text((await h.machine.getRecord(key)).kv?.value);

  test('a write whose role was revoked after the door checked it fails at apply and changes nothing', async () => {
    await h.apply(auth({ kind: 'user-revoke-role', user: 'alice', role: 'app' }));
    expect(await denial(put('app/x', alice()))).toBe('permission denied: user "alice" has no write permission on key "app/x"');
    expect(await value('app/x')).toBeUndefined();
    expect(h.machine.authState().revision).toBe(granted + 1);
  });

  test('a Txn is refused whole: no operation of a branch runs when one key is no longer permitted', async () => {
    await h.apply(auth({ kind: 'role-revoke-permission', role: 'app', key: Buffer.from('app/'), rangeEnd: Buffer.from('app0') }), RW('app/a'));
    const t: KvCommand = { op: 'txn', txn: txn([putOp('app/a', '1'), putOp('app/b', '1')]), stamp: alice() };
    expect(await denial(t)).toBe('permission denied: user "alice" has no write permission on key "app/b"');
    expect([await value('app/a'), await value('app/b')]).toEqual([undefined, undefined]);
  });

  test('compares and reads are checked too, in the branch not taken as well', async () => {
    await h.apply(auth({ kind: 'role-revoke-permission', role: 'app', key: Buffer.from('app/'), rangeEnd: Buffer.from('app0') }), RW('app/w'));
    const reads: KvCommand = { op: 'txn', txn: txn([putOp('app/w', '1')], { compare: [compare('app/c', 'VERSION', 'EQUAL', 0)] }), stamp: alice() };
    expect(await denial(reads)).toContain('has no read permission on key "app/c"');
    const failureBranch: KvCommand = { op: 'txn', txn: txn([putOp('app/w', '1')], { failure: [rangeOp('app/', { prefix: true })] }), stamp: alice() };
    expect(await denial(failureBranch)).toContain('has no read permission on keys ["app/", "app0")');
  });

  test('a deleted user: denied', async () => {
    await h.apply(auth({ kind: 'user-delete', user: 'alice' }));
    expect(await denial(put('app/x', alice()))).toBe('permission denied: user "alice" no longer exists');
  });

  test('auth enabled after a request was let in without a user: denied', async () => {
    await h.apply(auth({ kind: 'disable' }));
    const open = h.machine.authState().revision;
    await h.apply(auth({ kind: 'enable' }));
    expect(await denial(put('app/x', { user: '', revision: open }))).toContain('auth was enabled after this request was accepted');
  });

  test('still permitted after an unrelated change, or checked at the current revision, or auth now off: applied', async () => {
    await h.apply(auth({ kind: 'user-add', user: 'bob', passwordHash: '', noPassword: true }));
    expect(await denial(put('app/x', alice(), '1'))).toBeUndefined();
    // Checked against this very revision at the door: not checked again (the door's word stands).
    await h.apply(auth({ kind: 'user-revoke-role', user: 'alice', role: 'app' }));
    expect(await denial(put('app/x', { user: 'alice', revision: h.machine.authState().revision }, '2'))).toBeUndefined();
    await h.apply(auth({ kind: 'disable' }));
    expect(await denial(put('app/x', alice(), '3'))).toBeUndefined();
    expect(await value('app/x')).toBe('3');
  });

  test("unstamped commands (the node's own, and entries written before stamps) are never re-checked", async () => {
    await h.apply(auth({ kind: 'user-revoke-role', user: 'alice', role: 'app' }));
    expect(await denial(put('app/x', undefined))).toBeUndefined();
  });

  test("a lease revoke needs write on the lease's keys at apply too", async () => {
    await h.apply(grantCmd('7'), { op: 'txn', txn: txn([putOp('app/leased', 'v', { lease: '7' })]) });
    await h.apply(auth({ kind: 'role-revoke-permission', role: 'app', key: Buffer.from('app/'), rangeEnd: Buffer.from('app0') }));
    expect(await denial({ op: 'lease-revoke', id: '7', expired: false, stamp: alice() })).toContain('has no write permission on key "app/leased"');
    expect(await value('app/leased')).toBe('v');
  });

  test('the check is in the same batch order: a revoke applied earlier in the batch denies a later write', async () => {
    const [, r] = await h.apply(auth({ kind: 'user-revoke-role', user: 'alice', role: 'app' }), put('app/x', alice()));
    expect(r?.result?.error?.code).toBe('RAFTKV_ERR_PERMISSION_DENIED');
  });
});
