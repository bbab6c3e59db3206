export { KvStateMachine, type ApplyResult } from './state-machine';
export { encodeCommand, decodeCommand, encodeResult, decodeResult, MalformedCommandError, type KvCommand, type CommandResult } from './command';
export { MAX_KEY_BYTES, MAX_VALUE_BYTES } from './limits';
export { validateKey, validateValue, validateCommand } from './validate';
