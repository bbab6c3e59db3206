import { MalformedCommandError, decodeCommand, decodeResult, encodeCommand, encodeResult } from '../../../src/kv/command';

describe('command encoding', () => {
  it('round-trips a put with binary data and a delete', () => {
    const put = decodeCommand(encodeCommand({ op: 'put', key: 'ключ/😀', value: Uint8Array.of(0, 255, 7) }));
    expect(put.op).toBe('put');
    expect(put.key).toBe('ключ/😀');
    expect(put.op === 'put' && Buffer.from(put.value).toString('hex')).toBe('00ff07');
    expect(decodeCommand(encodeCommand({ op: 'delete', key: 'a' }))).toEqual({ op: 'delete', key: 'a' });
  });

  it('never encodes a command as empty bytes, which mean the leader no-op', () => {
    expect(encodeCommand({ op: 'put', key: '', value: new Uint8Array(0) }).byteLength).toBeGreaterThan(0);
    expect(encodeCommand({ op: 'delete', key: '' }).byteLength).toBeGreaterThan(0);
  });

  it('rejects bytes that hold no command', () => {
    expect(() => decodeCommand(new Uint8Array(0))).toThrow(MalformedCommandError);
    expect(() => decodeCommand(Uint8Array.of(0x0a, 0x05, 0x01))).toThrow(MalformedCommandError);
  });

  it('round-trips a result', () => {
    expect(decodeResult(encodeResult({ found: true }))).toEqual({ found: true });
    expect(decodeResult(encodeResult({ found: false }))).toEqual({ found: false });
  });
});
