/**
 * Saves a backup from a member (raftkv.cluster.v1.MaintenanceService/Snapshot)
 * to a file, and reads a backup file back. The file appears under its name
 * only once whole and verified: it is written to `<file>.part`, fsynced,
 * checked (readBackup), then renamed, as etcdctl does.
 */
import * as grpc from '@grpc/grpc-js';
import { createReadStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { readBackup, type BackupHeader, type BackupSummary } from '../codec/backup-format';
import { clientProtos } from '../server/client-protos';
import type { SnapshotResponse__Output } from '../generated/raftkv/cluster/v1/SnapshotResponse';
import { isConnectionFailure } from './kv-client';

/** What `kvctl snapshot save` and `status` print. */
export interface BackupInfo {
  readonly header: BackupHeader;
  readonly summary: BackupSummary;
  /** The file's size. */
  readonly bytes: number;
  readonly sha256: string;
}

/** Reads a whole backup file, verifying its checksum; throws BackupFormatError when damaged. */
export async function inspectBackup(file: string): Promise<BackupInfo> {
  let header: BackupHeader | undefined;
  for await (const part of readBackup(createReadStream(file, { highWaterMark: 1024 * 1024 }))) {
    if ('header' in part) header = part.header;
    else if ('summary' in part && header !== undefined) return { header, summary: part.summary, bytes: part.bytes, sha256: part.sha256 };
  }
  throw new Error(`${file}: no summary read`);
}

export interface SaveOptions {
  readonly endpoints: readonly string[];
  readonly credentials?: grpc.ChannelCredentials;
  /** The stream fails when no bytes arrive for this long (a backup of any size has no overall deadline). */
  readonly idleTimeoutMs: number;
}

/**
 * Streams a backup from the first endpoint that answers (moving on only when
 * one cannot be reached) into `file`, and returns what it holds.
 */
export async function saveBackup(file: string, opts: SaveOptions): Promise<BackupInfo & { readonly endpoint: string }> {
  let lastError: unknown;
  for (const endpoint of opts.endpoints) {
    try {
      await download(endpoint, `${file}.part`, opts);
      const info = await inspectBackup(`${file}.part`);
      await rename(`${file}.part`, file);
      return { ...info, endpoint };
    } catch (err) {
      await rm(`${file}.part`, { force: true });
      lastError = err;
      if (!isConnectionFailure(err)) throw err;
    }
  }
  throw lastError;
}

async function download(endpoint: string, path: string, opts: SaveOptions): Promise<void> {
  const protos = clientProtos();
  const client = new protos.cluster.raftkv.cluster.v1.MaintenanceService(endpoint, opts.credentials ?? grpc.credentials.createInsecure(), {
    'grpc.max_receive_message_length': 8 * 1024 * 1024,
  });
  const out = await open(path, 'w');
  let idle: NodeJS.Timeout | undefined;
  try {
    const call = client.Snapshot({});
    const arm = (): void => {
      clearTimeout(idle);
      idle = setTimeout(() => call.cancel(), opts.idleTimeoutMs);
    };
    arm();
    // Awaiting each write is the back-pressure: the stream is not read meanwhile.
    for await (const message of call as AsyncIterable<SnapshotResponse__Output>) {
      arm();
      await out.write(message.blob);
    }
    // Durable before it is renamed into place: a backup that vanishes in a power cut is worse than none.
    await out.sync();
  } finally {
    clearTimeout(idle);
    await out.close();
    client.close();
  }
}
