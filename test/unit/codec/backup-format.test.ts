import { BackupEncoder, BackupFormatError, readBackup, type BackupPart } from '../../../src/codec/backup-format';

const header = { clusterId: 'c1', nodeId: 'n2', appliedIndex: 40, term: 3, revision: 37, createdAt: '2026-12-07T22:00:00.000Z' };
const record = (key: string, lease = '0') => ({ record: { key, value: Buffer.from(`value of ${key}`), createRevision: 5, modRevision: 9, version: 2, lease } });

function backupBytes(): Buffer {
  const e = new BackupEncoder();
  return Buffer.concat([e.start(header), e.data([record('a'), record('b', '7')]), e.data([record('c'), { lease: { id: '7', ttlSeconds: 30 } }]), e.end()]);
}

async function readAll(bytes: Buffer, pieceBytes = 7): Promise<BackupPart[]> {
  async function* pieces(): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < bytes.byteLength; i += pieceBytes) yield bytes.subarray(i, i + pieceBytes);
  }
  const parts: BackupPart[] = [];
  for await (const p of readBackup(pieces())) parts.push(p);
  return parts;
}

describe('backup file format', () => {
  test('reads back the header, every record and lease, and a summary with the size and a verified sha256, however the bytes are split', async () => {
    const bytes = backupBytes();
    for (const split of [1, 7, 512, bytes.byteLength]) {
      const parts = await readAll(bytes, split);
      expect(parts[0]).toEqual({ header });
      const items = parts.flatMap((p) => ('items' in p ? p.items : []));
      expect(items.map((i) => ('record' in i ? i.record.key : 'lease' in i ? `lease ${i.lease.id}` : 'auth'))).toEqual(['a', 'b', 'c', 'lease 7']);
      expect(parts.at(-1)).toEqual({ summary: { keys: 3, leases: 1 }, bytes: bytes.byteLength, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    }
  });

  test('is 32 bytes past a multiple of 512, the shape etcdctl 3.4 snapshot save checks for', () => {
    expect(backupBytes().byteLength % 512).toBe(32);
  });

  test('a changed byte fails the checksum, a cut file is truncated, another file is not a backup', async () => {
    const bytes = backupBytes();
    const flipped = Buffer.from(bytes);
    const at = bytes.indexOf('value of b');
    flipped.writeUInt8(flipped.readUInt8(at) ^ 1, at);
    await expect(readAll(flipped)).rejects.toThrow(/checksum mismatch/);
    await expect(readAll(bytes.subarray(0, bytes.byteLength - 10))).rejects.toThrow(/truncated backup/);
    await expect(readAll(Buffer.from('SQLite format 3\0 and more bytes'))).rejects.toThrow(BackupFormatError);
    await expect(readAll(Buffer.concat([bytes, Buffer.from('x')]))).rejects.toThrow(/bytes follow its checksum/);
  });
});
