/** Applying a member-update command (state-machine.ts calls it in log order with the ConfChange entries). */
import type { MemberContext } from '../codec/member-codec';
import { InvalidArgumentError } from '../errors';
import type { Entry, NodeId } from '../raft/types';
import { commandError, type CommandResult, type MemberUpdateCommand } from './command';
import type { MemberUpdateApplier } from './state-machine';

/**
 * Records a member's client address, or a new peer address, in the batch's
 * membership write (the same atomic batch as the applied index). Not a key
 * change: the revision stays. An empty address keeps the recorded one; a
 * command with neither is refused (it would record nothing).
 */
export function applyMemberUpdate(
  command: MemberUpdateCommand,
  entry: Entry,
  onMemberUpdate: MemberUpdateApplier | undefined,
  members: Map<NodeId, MemberContext | null>,
  revision: number,
): CommandResult {
  const peerAddress = command.peerAddress ?? '';
  if (command.clientAddress === '' && peerAddress === '') return { found: false, revision, error: commandError(new InvalidArgumentError('client_address', 'must not be empty')) };
  const record = command.id === '' ? undefined : onMemberUpdate?.(entry, command.id, command.clientAddress, peerAddress);
  if (record === undefined) return { found: false, revision };
  members.set(command.id, record);
  return { found: true, revision };
}
