import {
  decodeEntry,
  decodeHardState,
  decodeMessage,
  decodeSnapshotMetadata,
  encodeEntry,
  encodeHardState,
  encodeMessage,
  encodeSnapshotMetadata,
  CodecError,
} from '../../../src/codec/raft-codec';
import { EntryType, MessageType, message } from '../../../src/raft/types';

describe('raft codec', () => {
  it('round-trips an entry with a large index and binary data', () => {
    const e = { index: 2 ** 40 + 7, term: 12, type: EntryType.Normal, data: Buffer.from([0, 255, 1]) };
    expect(decodeEntry(encodeEntry(e))).toEqual(e);
  });

  it('round-trips hard state and snapshot metadata', () => {
    const hs = { term: 5, vote: 'n2', commit: 99 };
    expect(decodeHardState(encodeHardState(hs))).toEqual(hs);
    const meta = { index: 10, term: 3, confState: { voters: ['n1', 'n2', 'n3'], learners: ['n4'] } };
    expect(decodeSnapshotMetadata(encodeSnapshotMetadata(meta))).toEqual(meta);
  });

  it('round-trips every field of a message', () => {
    const m = message({
      type: MessageType.App,
      from: 'n1',
      to: 'n2',
      term: 4,
      logTerm: 3,
      index: 17,
      commit: 16,
      entries: [{ index: 18, term: 4, type: EntryType.ConfChange, data: Buffer.from([9]) }],
      reject: true,
      rejectHint: 12,
      rejectHintTerm: 2,
      context: Buffer.from([1, 2]),
    });
    expect(decodeMessage(encodeMessage(m))).toEqual(m);
  });

  it('refuses to encode a local message type', () => {
    expect(() => encodeMessage(message({ type: MessageType.Hup, from: 'n1', to: 'n1' }))).toThrow(CodecError);
  });
});
