/**
 * A proposal or membership change forwarded on the peer port passes the
 * same checks, with the same messages, as the client request it stands for.
 */
import { encodeCommand, type KvCommand } from '../../../src/kv/command';
import { MAX_VALUE_BYTES } from '../../../src/kv/limits';
import { encodeConfChange } from '../../../src/raft';
import { ConfChangeType } from '../../../src/raft/types';
import { encodeMemberContext } from '../../../src/codec/member-codec';
import { validateForwardedCommand, validateForwardedConfChange } from '../../../src/server/forwarded-command-validation';

const put = (key: string, value = Buffer.from('v')): KvCommand => ({
  op: 'txn',
  txn: { compare: [], success: [{ request: 'request_put', request_put: { key, value, lease: '0', prev_kv: false, ttl_seconds: '0' } }], failure: [] },
});

describe('validateForwardedCommand', () => {
  it('accepts what a follower builds from a valid client request', () => {
    expect(validateForwardedCommand(encodeCommand(put('k')), 'n2')).toMatchObject({ op: 'txn' });
    expect(validateForwardedCommand(encodeCommand({ op: 'lease-grant', id: '7', ttlSeconds: 60 }), 'n2')).toMatchObject({ op: 'lease-grant' });
    expect(validateForwardedCommand(encodeCommand({ op: 'member-update', id: 'n2', clientAddress: '127.0.0.1:50061' }), 'n2')).toMatchObject({ op: 'member-update' });
  });

  it.each([
    ['an empty key', put(''), /success\[0\]\.request_put\.key: must not be empty/],
    ['a key over 4096 bytes', put('k'.repeat(5000)), /success\[0\]\.request_put\.key is 5000 bytes, over the limit of 4096 bytes/],
    ['a value over 1 MiB', put('k', Buffer.alloc(MAX_VALUE_BYTES + 1)), /over the limit of 1572864 bytes|value is 1048577 bytes/],
    ['a lease TTL over the maximum', { op: 'lease-grant', id: '7', ttlSeconds: 10_000_000_000 } as KvCommand, /ttl_seconds: must be between 2 and 9000000000/],
    ['a v0.1 put with an empty key', { op: 'put', key: '', value: new Uint8Array(0) } as KvCommand, /^key: must not be empty/],
  ])('refuses %s with the client-facing message', (_what, cmd, message) => {
    expect(() => validateForwardedCommand(encodeCommand(cmd), 'n2')).toThrow(message);
  });

  it('refuses bytes that are not a command', () => {
    expect(() => validateForwardedCommand(new Uint8Array([0xff, 0xff, 0xff]), 'n2')).toThrow(/^command: /);
  });

  it("takes an operator's peer-address update of any member from any node, with valid addresses", () => {
    expect(validateForwardedCommand(encodeCommand({ op: 'member-update', id: 'n1', clientAddress: '', peerAddress: '10.0.0.9:2' }), 'n2')).toMatchObject({ peerAddress: '10.0.0.9:2' });
    expect(() => validateForwardedCommand(encodeCommand({ op: 'member-update', id: 'n1', clientAddress: '', peerAddress: 'nope' }), 'n2')).toThrow(/member_update\.peer_address/);
  });

  it("refuses a member-update for another member's record", () => {
    expect(() => validateForwardedCommand(encodeCommand({ op: 'member-update', id: 'n1', clientAddress: '10.0.0.9:1' }), 'n2')).toThrow(
      /member_update\.id: a member may record only its own address/,
    );
  });

  it("takes a member's own consistency-check report, and refuses another's, a bad digest, and a forwarded check", () => {
    const hash = 'ab'.repeat(32);
    expect(validateForwardedCommand(encodeCommand({ op: 'hash-report', index: 12, memberId: 'n2', hash, format: 1 }), 'n2')).toMatchObject({ op: 'hash-report', index: 12 });
    expect(() => validateForwardedCommand(encodeCommand({ op: 'hash-report', index: 12, memberId: 'n3', hash, format: 1 }), 'n2')).toThrow(/hash_report\.member_id: a member may report only its own hash/);
    expect(() => validateForwardedCommand(encodeCommand({ op: 'hash-report', index: 12, memberId: 'n2', hash: 'zz', format: 1 }), 'n2')).toThrow(/hash_report\.hash: must be a sha256 digest/);
    expect(() => validateForwardedCommand(encodeCommand({ op: 'hash-report', index: 0, memberId: 'n2', hash, format: 1 }), 'n2')).toThrow(/hash_report\.index/);
    expect(() => validateForwardedCommand(encodeCommand({ op: 'hash-report', index: 12, memberId: 'n2', hash, format: 0 }), 'n2')).toThrow(/hash_report\.format/);
    expect(() => validateForwardedCommand(encodeCommand({ op: 'hash-check' }), 'n2')).toThrow(/hash_check: only the leader/);
  });
});

describe('validateForwardedConfChange', () => {
  it('accepts an AddLearner with valid addresses', () => {
    const context = encodeMemberContext({ peerAddress: '127.0.0.1:50082', clientAddress: '127.0.0.1:50081', autoPromote: true });
    expect(validateForwardedConfChange(encodeConfChange({ type: ConfChangeType.AddLearner, nodeId: 'n4', context }))).toMatchObject({ nodeId: 'n4' });
  });

  it('refuses an invalid node id and a bad address, naming the field', () => {
    expect(() => validateForwardedConfChange(encodeConfChange({ type: ConfChangeType.RemoveNode, nodeId: '-bad id' }))).toThrow(/conf_change\.node_id/);
    const context = encodeMemberContext({ peerAddress: 'nowhere', clientAddress: '', autoPromote: false });
    expect(() => validateForwardedConfChange(encodeConfChange({ type: ConfChangeType.AddLearner, nodeId: 'n4', context }))).toThrow(
      /conf_change\.context\.peer_address/,
    );
  });
});
