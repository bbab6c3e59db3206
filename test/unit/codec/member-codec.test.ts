import { CodecError } from '../../../src/codec/raft-codec';
import { decodeConfState, decodeMemberContext, encodeConfState, encodeMemberContext } from '../../../src/codec/member-codec';

describe('member codec', () => {
  it('round-trips a member context, defaults included', () => {
    const full = { peerAddress: '10.0.0.4:50052', clientAddress: '10.0.0.4:50051', autoPromote: true };
    expect(decodeMemberContext(encodeMemberContext(full))).toEqual(full);
    const bare = { peerAddress: 'n4:50052', clientAddress: '', autoPromote: false };
    expect(decodeMemberContext(encodeMemberContext(bare))).toEqual(bare);
  });

  it('refuses a context without a peer address or that does not decode', () => {
    expect(() => decodeMemberContext(new Uint8Array(0))).toThrow(CodecError);
    expect(() => decodeMemberContext(Uint8Array.of(0x0a, 0x05, 0x61))).toThrow(CodecError);
  });

  it('round-trips a configuration', () => {
    const cs = { voters: ['n1', 'n2', 'n3'], learners: ['n4'] };
    expect(decodeConfState(encodeConfState(cs))).toEqual(cs);
    expect(decodeConfState(encodeConfState({ voters: [], learners: [] }))).toEqual({ voters: [], learners: [] });
  });
});
