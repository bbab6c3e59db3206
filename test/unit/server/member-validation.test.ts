import { InvalidArgumentError } from '../../../src/errors';
import { validateAddress, validateMemberId } from '../../../src/server/member-validation';

describe('membership request validation', () => {
  it('accepts ids and addresses the flags accept', () => {
    expect(validateMemberId('id', 'raftkv-3')).toBe('raftkv-3');
    expect(validateAddress('peer_address', '127.0.0.1:50052')).toBe('127.0.0.1:50052');
    expect(validateAddress('client_address', 'kv-3.kv-headless.prod.svc.cluster.local:50051')).toBeTruthy();
    expect(validateAddress('peer_address', '[::1]:50052')).toBe('[::1]:50052');
  });

  it.each([
    ['id', ''],
    ['id', '-n4'],
    ['id', 'n 4'],
    ['id', 'x'.repeat(64)],
  ])('refuses %s %j as INVALID_ARGUMENT naming the field', (field, value) => {
    expect(() => validateMemberId(field, value)).toThrow(InvalidArgumentError);
    expect(() => validateMemberId(field, value)).toThrow(new RegExp(`^${field}: `));
  });

  it.each(['', 'host', 'host:', 'host:70000', 'host:0', 'a b:1'])('refuses address %j naming the field', (value) => {
    expect(() => validateAddress('peer_address', value)).toThrow(/^peer_address: /);
  });
});
