import type { Entry } from '../../../src/raft/types';

const decoder = new TextDecoder();
const decoded = new WeakMap<Uint8Array, string>();

/** An entry's payload as text (the simulator only proposes ASCII payloads). */
export function payloadOf(data: Uint8Array): string {
  let s = decoded.get(data);
  if (s === undefined) {
    s = decoder.decode(data);
    decoded.set(data, s);
  }
  return s;
}

/** What an entry says, independent of where it sits: two entries with equal keys are the same command. */
export function contentKey(e: Entry): string {
  return `${e.type}:${payloadOf(e.data)}`;
}

/**
 * The story of one scenario, one line per event. It keeps the last `keep`
 * lines for a failure report and, when verbose, prints every line as it
 * happens. Lines are built lazily so a quiet run pays little for them.
 */
export class Trace {
  readonly #keep: number;
  readonly #verbose: boolean;
  readonly #recent: (() => string)[] = [];
  #step = 0;

  constructor(options: { keep: number; verbose: boolean }) {
    this.#keep = options.keep;
    this.#verbose = options.verbose;
  }

  get verbose(): boolean {
    return this.#verbose;
  }

  /** Marks the start of fuzzer step n; later lines carry its number. */
  step(n: number): void {
    this.#step = n;
  }

  line(text: () => string): void {
    const step = this.#step;
    const render = (): string => `[${String(step).padStart(4)}] ${text()}`;
    if (this.#verbose) process.stdout.write(`${render()}\n`);
    this.#recent.push(render);
    if (this.#recent.length > this.#keep) this.#recent.shift();
  }

  /** The last lines, oldest first. */
  tail(): string {
    return this.#recent.map((r) => r()).join('\n');
  }
}
