import { InvalidArgumentError } from '../../../src/errors';
import { etcdId } from '../../../src/etcd/etcd-header';
import { etcdRangeSpec } from '../../../src/etcd/etcd-keys';
import { EtcdError } from '../../../src/etcd/etcd-status';

const b = (s: string): Buffer => Buffer.from(s, 'utf8');

describe('etcd key ranges as raftkv ranges', () => {
  test('an empty range_end names one key; "\\0" every key from it on', () => {
    expect(etcdRangeSpec(b('a'), Buffer.alloc(0))).toEqual({ key: 'a', range_end: '', prefix: false });
    expect(etcdRangeSpec(b('\0'), b('\0'))).toEqual({ key: '\0', range_end: '\0', prefix: false });
  });

  test("the key's prefix end is a prefix, even when that end is not UTF-8", () => {
    expect(etcdRangeSpec(b('/app/'), b('/app0'))).toEqual({ key: '/app/', range_end: '', prefix: true });
    expect(etcdRangeSpec(Buffer.from([0x61, 0x7f]), Buffer.from([0x61, 0x80]))).toEqual({ key: 'a\x7f', range_end: '', prefix: true });
  });

  test('any other range_end is an exclusive bound; one at or before the key names nothing', () => {
    expect(etcdRangeSpec(b('a'), b('c'))).toEqual({ key: 'a', range_end: 'c', prefix: false });
    expect(etcdRangeSpec(b('c'), b('a'))).toBeUndefined();
    expect(etcdRangeSpec(b('c'), b('c'))).toBeUndefined();
  });

  test('an empty key is etcd\'s "key is not provided"; a key that is not UTF-8 is refused by name', () => {
    expect(() => etcdRangeSpec(Buffer.alloc(0), Buffer.alloc(0))).toThrow(new EtcdError('emptyKey'));
    expect(() => etcdRangeSpec(Buffer.from([0xff]), Buffer.alloc(0))).toThrow(InvalidArgumentError);
    expect(() => etcdRangeSpec(b('a'), Buffer.from([0x62, 0xff]), 'success[0].request_range')).toThrow('success[0].request_range.range_end');
  });
});

describe('etcd ids of raftkv names', () => {
  test('are stable, distinct per name, and 0 only for no name', () => {
    expect(etcdId('n1')).toBe(etcdId('n1'));
    expect(etcdId('n1')).not.toBe(etcdId('n2'));
    expect(BigInt(etcdId('n1'))).toBeGreaterThan(0n);
    expect(BigInt(etcdId('n1'))).toBeLessThan(2n ** 64n);
    expect(etcdId('')).toBe('0');
  });
});
