import { createAuthApi } from '../../../src/auth/auth-api';
import { EMPTY_AUTH_STATE } from '../../../src/auth/auth-state';
import { verifyPassword } from '../../../src/auth/password';
import { TokenStore } from '../../../src/auth/token-store';
import { decodeCommand, encodeResult } from '../../../src/kv/command';

describe('passwords never reach the log', () => {
  it('the node hashes (salted scrypt) before proposing: the entry holds the hash, not the password', async () => {
    const proposed: Uint8Array[] = [];
    const api = createAuthApi({
      node: {
        propose: (bytes) => {
          proposed.push(bytes);
          return Promise.resolve({ result: encodeResult({ found: false, revision: 0 }) });
        },
        linearizableBarrier: () => Promise.resolve(),
      },
      state: () => EMPTY_AUTH_STATE,
      tokens: new TokenStore(),
    });
    const password = 'correct horse battery staple';
    await api.userAdd('alice', password, false, new Date(Date.now() + 5000));
    await api.userAdd('bob', password, false, new Date(Date.now() + 5000));
    expect(proposed.map((p) => Buffer.from(p).includes(password))).toEqual([false, false]);
    const hashes = proposed.map((p) => {
      const cmd = decodeCommand(p);
      return cmd.op === 'auth' && cmd.change.kind === 'user-add' ? cmd.change.passwordHash : '';
    });
    expect(hashes[0]).toMatch(/^scrypt\$16384\$8\$1\$/);
    // Salted: the same password hashes differently.
    expect(hashes[0]).not.toBe(hashes[1]);
    expect(await verifyPassword(password, hashes[0]!)).toBe(true);
    expect(await verifyPassword('wrong', hashes[0]!)).toBe(false);
  });
});

describe('simple tokens', () => {
  it('expire after the TTL without use, and each use restarts it', () => {
    let now = 0;
    const tokens = new TokenStore({ ttlSeconds: 10, now: () => now });
    const t = tokens.issue('alice', 'h');
    now = 9_000;
    expect(tokens.lookup(t)?.user).toBe('alice');
    now = 18_000;
    expect(tokens.lookup(t)?.user).toBe('alice');
    now = 28_001;
    expect(tokens.lookup(t)).toBeUndefined();
  });
});
