/** Milliseconds left until a deadline, never negative. */
export function msUntil(deadline: Date): number {
  return Math.max(0, deadline.getTime() - Date.now());
}

/** Resolves after ms (unref'd so it never keeps the process alive). */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
