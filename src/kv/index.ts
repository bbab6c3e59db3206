export { KvStateMachine, DEFAULT_WATCH_HISTORY_REVISIONS, type ApplyResult, type RangeResult, type KvStateMachineOptions } from './state-machine';
export { encodeCommand, decodeCommand, encodeResult, decodeResult, throwIfFailed, MalformedCommandError, type KvCommand, type CommandResult } from './command';
export { MAX_KEY_BYTES, MAX_VALUE_BYTES } from './limits';
export { validateKey, validateValue, validateCommand } from './validate';
