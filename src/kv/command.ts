/**
 * The commands replicated through the Raft log and the results of applying
 * them, encoded as raftkv.raft.v1.Command / CommandResult (command.proto).
 * Encoded commands live in the log forever: decoding must accept every
 * version ever written, so fields are only ever added.
 */
import { protoType } from '../codec/raft-codec';

const CommandProto = protoType('raftkv.raft.v1.Command');
const CommandResultProto = protoType('raftkv.raft.v1.CommandResult');

export type KvCommand =
  | { readonly op: 'put'; readonly key: string; readonly value: Uint8Array }
  | { readonly op: 'delete'; readonly key: string };

export interface CommandResult {
  /** For a delete: whether the key existed. False for a put. */
  readonly found: boolean;
}

/** Raised when bytes from the log do not hold a command. */
export class MalformedCommandError extends Error {
  override readonly name = 'MalformedCommandError';
}

interface CommandWire {
  put?: { key?: string; value?: Uint8Array } | null;
  delete?: { key?: string } | null;
}

/** Never empty: even a put of "" to "" carries the oneof's tag, so empty entry data stays the leader's no-op. */
export function encodeCommand(cmd: KvCommand): Uint8Array {
  const wire: CommandWire = cmd.op === 'put' ? { put: { key: cmd.key, value: cmd.value } } : { delete: { key: cmd.key } };
  return CommandProto.encode(wire).finish();
}

/** Throws MalformedCommandError for bytes that are not a Command or hold no op. */
export function decodeCommand(bytes: Uint8Array): KvCommand {
  let wire: CommandWire;
  try {
    wire = CommandProto.decode(bytes) as CommandWire;
  } catch (err) {
    throw new MalformedCommandError(`not a command: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  // protobufjs leaves an unset oneof member at its prototype default (null).
  if (wire.put) return { op: 'put', key: wire.put.key ?? '', value: wire.put.value ?? new Uint8Array(0) };
  if (wire.delete) return { op: 'delete', key: wire.delete.key ?? '' };
  throw new MalformedCommandError('command sets no operation');
}

export function encodeResult(result: CommandResult): Uint8Array {
  return CommandResultProto.encode({ found: result.found }).finish();
}

export function decodeResult(bytes: Uint8Array): CommandResult {
  const wire = CommandResultProto.decode(bytes) as { found?: boolean };
  return { found: wire.found ?? false };
}
