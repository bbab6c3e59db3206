/**
 * The driver simulator's virtual clock: it stands in for the global timers
 * (setTimeout, setInterval, setImmediate and their clear functions),
 * Date.now and performance.now while a scenario runs, as jest's fake timers
 * did, so the production code runs unchanged.
 *
 * Why not jest's fake timers: @sinonjs/fake-timers finds the next timer by
 * scanning every pending one (firstTimerInRange, once per fired timer) and
 * lets promises settle after each timer with a real setTimeout(0), which
 * Node rounds up to 1 ms — most of a scenario's wall time went there. Here
 * pending timers sit in a binary heap, and after each timer one real
 * setImmediate turn lets every promise, microtask and nextTick it started
 * settle (the simulated code does no real I/O, so nothing waits longer).
 *
 * Timers run in order of their due time, then immediates before timeouts,
 * then creation order: a seed replays exactly.
 */

/** A bound on timers fired by one advance, so a timer loop fails the scenario instead of hanging it. */
const MAX_TIMERS_PER_ADVANCE = 1_000_000;

type Callback = (...args: unknown[]) => void;

interface Timer {
  readonly id: number;
  at: number;
  /** Creation order; an interval keeps its place among timers due at the same time. */
  readonly seq: number;
  readonly immediate: boolean;
  readonly interval: number | undefined;
  readonly callback: Callback;
  readonly args: unknown[];
  cleared: boolean;
}

/** What setTimeout and friends return: enough of Node's Timeout/Immediate for the code under test. */
class Handle {
  readonly id: number;
  #ref = true;
  constructor(id: number) {
    this.id = id;
  }
  ref(): this {
    this.#ref = true;
    return this;
  }
  unref(): this {
    this.#ref = false;
    return this;
  }
  hasRef(): boolean {
    return this.#ref;
  }
  refresh(): this {
    return this;
  }
  [Symbol.toPrimitive](): number {
    return this.id;
  }
}

class TimerHeap {
  readonly #items: Timer[] = [];

  get size(): number {
    return this.#items.length;
  }

  peek(): Timer | undefined {
    return this.#items[0];
  }

  push(t: Timer): void {
    const a = this.#items;
    a.push(t);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }

  pop(): Timer | undefined {
    const a = this.#items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && before(a[l]!, a[m]!)) m = l;
        if (r < a.length && before(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }

  clear(): void {
    this.#items.length = 0;
  }
}

function before(a: Timer, b: Timer): boolean {
  if (a.at !== b.at) return a.at < b.at;
  if (a.immediate !== b.immediate) return a.immediate;
  return a.seq < b.seq;
}

interface Saved {
  readonly setTimeout: typeof globalThis.setTimeout;
  readonly clearTimeout: typeof globalThis.clearTimeout;
  readonly setInterval: typeof globalThis.setInterval;
  readonly clearInterval: typeof globalThis.clearInterval;
  readonly setImmediate: typeof globalThis.setImmediate;
  readonly clearImmediate: typeof globalThis.clearImmediate;
  readonly dateNow: typeof Date.now;
  readonly performance: PropertyDescriptor | undefined;
}

export class VirtualClock {
  #now = 0;
  #nextId = 1;
  readonly #heap = new TimerHeap();
  readonly #live = new Map<number, Timer>();
  #saved: Saved | undefined;
  #advancing = false;
  /** Timers fired since install (for the run's statistics). */
  fired = 0;

  get now(): number {
    return this.#now;
  }

  get installed(): boolean {
    return this.#saved !== undefined;
  }

  /** Replaces the global timers and clocks; virtual time starts at `now`. */
  install(now = 0): void {
    if (this.#saved !== undefined) throw new Error('the virtual clock is already installed');
    this.#now = now;
    const g = globalThis as unknown as Record<string, unknown>;
    this.#saved = {
      setTimeout: globalThis.setTimeout,
      clearTimeout: globalThis.clearTimeout,
      setInterval: globalThis.setInterval,
      clearInterval: globalThis.clearInterval,
      setImmediate: globalThis.setImmediate,
      clearImmediate: globalThis.clearImmediate,
      dateNow: Date.now,
      performance: Object.getOwnPropertyDescriptor(globalThis, 'performance'),
    };
    const clear = (handle: unknown): void => this.#clear(handle);
    g.setTimeout = (cb: Callback, ms?: number, ...args: unknown[]) => this.#add(cb, ms ?? 0, args, false, undefined);
    g.setInterval = (cb: Callback, ms?: number, ...args: unknown[]) => this.#add(cb, ms ?? 0, args, false, Math.max(1, ms ?? 0));
    g.setImmediate = (cb: Callback, ...args: unknown[]) => this.#add(cb, 0, args, true, undefined);
    g.clearTimeout = clear;
    g.clearInterval = clear;
    g.clearImmediate = clear;
    Date.now = () => this.#now;
    const realPerformance = globalThis.performance;
    const performance = Object.create(realPerformance) as typeof realPerformance;
    Object.defineProperty(performance, 'now', { value: () => this.#now });
    Object.defineProperty(globalThis, 'performance', { value: performance, configurable: true, writable: true });
  }

  /** Puts the real timers and clocks back and forgets every pending timer. */
  uninstall(): void {
    const saved = this.#saved;
    if (saved === undefined) return;
    this.#saved = undefined;
    const g = globalThis as unknown as Record<string, unknown>;
    g.setTimeout = saved.setTimeout;
    g.clearTimeout = saved.clearTimeout;
    g.setInterval = saved.setInterval;
    g.clearInterval = saved.clearInterval;
    g.setImmediate = saved.setImmediate;
    g.clearImmediate = saved.clearImmediate;
    Date.now = saved.dateNow;
    if (saved.performance !== undefined) Object.defineProperty(globalThis, 'performance', saved.performance);
    this.#heap.clear();
    this.#live.clear();
  }

  /**
   * Moves virtual time forward by `ms`, running every timer due meanwhile in
   * order, and letting what each one started settle before the next.
   */
  async advance(ms: number): Promise<void> {
    const saved = this.#saved;
    if (saved === undefined) throw new Error('the virtual clock is not installed');
    const until = this.#now + Math.max(0, ms);
    this.#advancing = true;
    try {
      const thrown = await this.#runUntil(until, saved);
      if (this.#saved !== saved) return;
      this.#now = until;
      if (thrown.length > 0) throw thrown[0];
    } finally {
      this.#advancing = false;
    }
  }

  /** Fires the timers due by `until`; returns what they threw (a throwing timer is an uncaught exception). */
  async #runUntil(until: number, saved: Saved): Promise<unknown[]> {
    const thrown: unknown[] = [];
    let fired = 0;
    await settle(saved);
    for (;;) {
      const t = this.#heap.peek();
      if (t === undefined || t.at > until) return thrown;
      this.#heap.pop();
      if (t.cleared) continue;
      this.#now = Math.max(this.#now, t.at);
      if (t.interval === undefined) this.#live.delete(t.id);
      else {
        t.at = this.#now + t.interval;
        this.#heap.push(t);
      }
      this.fired += 1;
      // Timers that keep scheduling timers at the same instant would never let time move.
      if ((fired += 1) > MAX_TIMERS_PER_ADVANCE) throw new Error(`more than ${MAX_TIMERS_PER_ADVANCE} timers fired in one advance: something loops`);
      try {
        t.callback(...t.args);
      } catch (err) {
        thrown.push(err);
      }
      await settle(saved);
      // Uninstalled meanwhile (the scenario ended): nothing more runs.
      if (this.#saved !== saved) return thrown;
    }
  }

  #add(callback: Callback, ms: number, args: unknown[], immediate: boolean, interval: number | undefined): Handle {
    const id = this.#nextId++;
    const delay = Number.isFinite(ms) && ms > 0 ? Math.floor(ms) : 0;
    // As under jest's fake timers: an immediate (or a zero timeout) scheduled
    // while time moves waits one virtual millisecond, so each message hop and
    // each turn of a node's Ready loop takes time; scheduled between moves,
    // it runs at the start of the next one.
    const at = this.#now + (delay > 0 ? delay : this.#advancing ? 1 : 0);
    const t: Timer = { id, at, seq: id, immediate, interval, callback, args, cleared: false };
    this.#live.set(id, t);
    this.#heap.push(t);
    return new Handle(id);
  }

  #clear(handle: unknown): void {
    const id = handle instanceof Handle ? handle.id : typeof handle === 'number' ? handle : undefined;
    if (id === undefined) return;
    const t = this.#live.get(id);
    if (t === undefined) return;
    t.cleared = true;
    this.#live.delete(id);
  }
}

/** One real event-loop turn: every microtask and nextTick queued so far, and those they queue, run first. */
function settle(saved: Saved): Promise<void> {
  return new Promise((resolve) => saved.setImmediate(resolve));
}

/** The clock every driver scenario and story runs on (one scenario at a time per jest worker). */
export const clock = new VirtualClock();
