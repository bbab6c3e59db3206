import { InvalidArgumentError } from '../../../src/errors';
import { parseLeaseId, parseTtlSeconds, randomLeaseId } from '../../../src/lease/lease-params';

describe('lease ids and TTLs from clients', () => {
  it('accepts ids from 0 to 2^63 - 1 as canonical decimals', () => {
    expect(parseLeaseId('0')).toBe('0');
    expect(parseLeaseId('0042')).toBe('42');
    expect(parseLeaseId('9223372036854775807')).toBe('9223372036854775807');
  });

  it.each(['-1', '9223372036854775808', 'abc', '', '1.5'])('refuses the id %p, naming the field', (id) => {
    expect(() => parseLeaseId(id)).toThrow(InvalidArgumentError);
    expect(() => parseLeaseId(id)).toThrow(/^id: /);
  });

  it('picks random positive 63-bit ids', () => {
    const ids = new Set(Array.from({ length: 200 }, () => randomLeaseId()));
    expect(ids.size).toBe(200);
    for (const id of ids) {
      expect(BigInt(id)).toBeGreaterThan(0n);
      expect(BigInt(id)).toBeLessThan(1n << 63n);
      expect(parseLeaseId(id)).toBe(id);
    }
  });

  it('accepts TTLs from 2 to 9000000000 seconds and names the limits otherwise', () => {
    expect(parseTtlSeconds('2')).toBe(2);
    expect(parseTtlSeconds('9000000000')).toBe(9_000_000_000);
    for (const bad of ['1', '0', '-5', '9000000001', 'x']) {
      expect(() => parseTtlSeconds(bad)).toThrow('ttl_seconds: must be between 2 and 9000000000 seconds');
    }
  });
});
