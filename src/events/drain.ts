// Shutdown must not cut an action in half: once closing, new interactions are refused, and the
// ones under way (an accept with its mobile confirmation and card edit) are awaited — up to a
// bound, so a Steam that never answers cannot keep the process alive for ever.
export class InteractionDrain {
  private closing = false;
  private readonly running = new Set<Promise<void>>();

  get isClosing(): boolean {
    return this.closing;
  }

  /** How many interactions are being handled right now. */
  get size(): number {
    return this.running.size;
  }

  /** Runs one interaction's handling and keeps it in view until it settles. */
  run(task: () => Promise<void>): Promise<void> {
    const promise: Promise<void> = task().finally(() => this.running.delete(promise));
    this.running.add(promise);
    return promise;
  }

  /** Refuses new work from now on; resolves with how many are still running after `timeoutMs` (0: all done). */
  async close(timeoutMs: number): Promise<number> {
    this.closing = true;
    if (this.running.size === 0) return 0;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const settled = Promise.allSettled([...this.running]).then(() => 'done' as const);
    const result = await Promise.race([settled, timedOut]);
    clearTimeout(timer);
    return result === 'done' ? 0 : this.running.size;
  }
}
