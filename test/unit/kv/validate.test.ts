import { InvalidArgumentError, TooLargeError } from '../../../src/errors';
import { MAX_KEY_BYTES, MAX_VALUE_BYTES } from '../../../src/kv/limits';
import { isWellFormed, validateCommand, validateKey, validateValue } from '../../../src/kv/validate';

function thrown(fn: () => void): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('input limits', () => {
  it('are 4096 bytes for a key and 1 MiB for a value', () => {
    expect(MAX_KEY_BYTES).toBe(4096);
    expect(MAX_VALUE_BYTES).toBe(1048576);
  });

  it('an empty key is an invalid argument naming the key', () => {
    const err = thrown(() => validateKey(''));
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err).toMatchObject({ field: 'key', message: 'key: must not be empty' });
  });

  it('a key of exactly the limit passes, one byte more is too large', () => {
    expect(() => validateKey('a'.repeat(4096))).not.toThrow();
    const err = thrown(() => validateKey('a'.repeat(5000)));
    expect(err).toBeInstanceOf(TooLargeError);
    expect(err).toMatchObject({ field: 'key', size: 5000, limit: 4096, message: 'key is 5000 bytes, over the limit of 4096 bytes' });
  });

  it('counts a key in UTF-8 bytes, not characters', () => {
    // '€' is 3 bytes: 1366 of them are 4098 bytes though only 1366 characters.
    expect(thrown(() => validateKey('€'.repeat(1366)))).toMatchObject({ message: 'key is 4098 bytes, over the limit of 4096 bytes' });
    expect(() => validateKey('€'.repeat(1365))).not.toThrow();
    // '😀' is 4 bytes (two UTF-16 units): 1024 fit exactly, 1025 do not.
    expect(() => validateKey('😀'.repeat(1024))).not.toThrow();
    expect(thrown(() => validateKey('😀'.repeat(1025)))).toMatchObject({ size: 4100 });
  });

  it('rejects a key holding a lone surrogate, which UTF-8 would store as U+FFFD and collide with another key', () => {
    // The collision this prevents: both encode to the same bytes.
    expect(Buffer.from('a\uD800', 'utf8').equals(Buffer.from('a\uDC00', 'utf8'))).toBe(true);
    for (const key of ['\uD800', 'a\uD800', 'a\uDC00b', '\uDE00\uD83D', '😀'.slice(0, 1), 'x'.repeat(5000) + '\uD800']) {
      const err = thrown(() => validateKey(key, 'compare[0].key'));
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect(err).toMatchObject({ field: 'compare[0].key', message: 'compare[0].key: must be valid UTF-8 (it holds a lone surrogate)' });
    }
    // Surrogate pairs (astral characters) are fine.
    expect(() => validateKey('😀a\uD83D\uDE00')).not.toThrow();
    expect(() => validateCommand({ op: 'put', key: 'k\uDFFF', value: new Uint8Array(0) })).toThrow(/lone surrogate/);
  });

  it('isWellFormed agrees with String.prototype.isWellFormed on every surrogate arrangement', () => {
    const units = ['a', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '€'];
    const native = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();
    for (const x of units) for (const y of units) for (const z of units) expect(isWellFormed(x + y + z)).toBe(native(x + y + z));
  });

  it('a value over 1 MiB is too large, naming the value and the limit; empty values are fine', () => {
    expect(() => validateValue(new Uint8Array(0))).not.toThrow();
    expect(() => validateValue(new Uint8Array(MAX_VALUE_BYTES))).not.toThrow();
    const err = thrown(() => validateValue(new Uint8Array(MAX_VALUE_BYTES + 1)));
    expect(err).toBeInstanceOf(TooLargeError);
    expect(err).toMatchObject({ field: 'value', message: 'value is 1048577 bytes, over the limit of 1048576 bytes' });
  });

  it('validates both fields of a command', () => {
    expect(() => validateCommand({ op: 'delete', key: '' })).toThrow('key: must not be empty');
    expect(() => validateCommand({ op: 'put', key: 'k', value: new Uint8Array(MAX_VALUE_BYTES + 1) })).toThrow(/^value is/);
    expect(() => validateCommand({ op: 'put', key: 'k', value: new Uint8Array(1) })).not.toThrow();
  });
});
