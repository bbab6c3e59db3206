/**
 * Applying a CompactCommand (etcd's Compact through the log). raftkv's
 * compact revision C means the history holds the revisions after C; etcd's
 * Compact(R) keeps R readable (a Range at R undoes the events after R) and
 * watchable (a Watch from R reads the event at R), so it moves C to R - 1.
 * Decided from the state alone, so every node answers alike.
 */
import { CompactedError, FutureRevisionError } from '../errors';
import { commandError, type CommandResult, type CompactCommand } from './command';

export interface CompactOutcome {
  readonly result: CommandResult;
  /** The compact revision after the command (unchanged when it failed). */
  readonly compactRevision: number;
}

export function applyCompact(command: CompactCommand, revision: number, compactRevision: number): CompactOutcome {
  const requested = command.revision;
  const fail = (err: CompactedError | FutureRevisionError): CompactOutcome => ({
    result: { found: false, revision, error: commandError(err) },
    compactRevision,
  });
  if (requested > revision) return fail(new FutureRevisionError(requested, revision));
  // As etcd: compacting at or below the current compact revision is refused (a fresh store has compacted nothing).
  if (compactRevision > 0 && requested <= compactRevision + 1) {
    return fail(new CompactedError(requested, compactRevision, 'revision'));
  }
  return { result: { found: false, revision }, compactRevision: Math.max(compactRevision, requested - 1) };
}
