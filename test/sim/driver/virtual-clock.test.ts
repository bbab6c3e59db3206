/**
 * The virtual clock's rules, which every driver scenario's replay depends
 * on: timers run in order of due time, immediates before timeouts due at the
 * same instant, then creation order; what a timer starts settles before the
 * next one runs; an immediate scheduled while time moves waits one virtual
 * millisecond; the real clocks and timers come back afterwards.
 */
import { VirtualClock } from './virtual-clock';

describe('VirtualClock', () => {
  const clock = new VirtualClock();
  afterEach(() => clock.uninstall());

  it('runs timers by due time, immediates first at the same instant, then in creation order', async () => {
    clock.install(1_000);
    const ran: string[] = [];
    setTimeout(() => ran.push('t20'), 20);
    setTimeout(() => ran.push('t5-a'), 5);
    setTimeout(() => ran.push('t5-b'), 5);
    setImmediate(() => ran.push('immediate'));
    await clock.advance(4);
    expect(ran).toEqual(['immediate']);
    expect(Date.now()).toBe(1_004);
    await clock.advance(16);
    expect(ran).toEqual(['immediate', 't5-a', 't5-b', 't20']);
    expect(performance.now()).toBe(1_020);
  });

  it('lets what a timer started settle before the next timer runs', async () => {
    clock.install();
    const seen: string[] = [];
    setTimeout(() => {
      void Promise.resolve()
        .then(() => Promise.resolve())
        .then(() => seen.push("the first timer's promise chain"));
    }, 1);
    setTimeout(() => seen.push('second timer'), 1);
    await clock.advance(1);
    expect(seen).toEqual(["the first timer's promise chain", 'second timer']);
  });

  it('makes an immediate scheduled while time moves wait one virtual millisecond', async () => {
    clock.install();
    const at: number[] = [];
    setTimeout(() => setImmediate(() => at.push(Date.now())), 1);
    await clock.advance(1);
    expect(at).toEqual([]);
    await clock.advance(1);
    expect(at).toEqual([2]);
  });

  it('repeats intervals, and clears timers, intervals and immediates', async () => {
    clock.install();
    let ticks = 0;
    const interval = setInterval(() => (ticks += 1), 10);
    const cancelled = setTimeout(() => (ticks += 100), 15);
    const gone = setImmediate(() => (ticks += 1_000));
    clearTimeout(cancelled);
    clearImmediate(gone);
    await clock.advance(35);
    expect(ticks).toBe(3);
    clearInterval(interval);
    await clock.advance(100);
    expect(ticks).toBe(3);
  });

  it('reports what a timer threw once the advance ends, and puts the real timers back', async () => {
    const realSetTimeout = globalThis.setTimeout;
    const realNow = Date.now;
    clock.install();
    setTimeout(() => {
      throw new Error('boom');
    }, 1);
    await expect(clock.advance(5)).rejects.toThrow('boom');
    clock.uninstall();
    expect(globalThis.setTimeout).toBe(realSetTimeout);
    expect(Date.now).toBe(realNow);
    expect(Math.abs(Date.now() - new Date().getTime())).toBeLessThan(1_000);
  });
});
