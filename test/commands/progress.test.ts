// The /inventory progress reporter, with the clock injected: no sleeps, no timers.
import { describe, expect, it } from 'vitest';
import { ProgressReporter } from '../../src/commands/progress.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('ProgressReporter', () => {
  it('edits at most once per interval and never twice at once', async () => {
    let now = 0;
    const edits: string[] = [];
    const pending: Array<ReturnType<typeof deferred<void>>> = [];
    const reporter = new ProgressReporter(
      (text) => {
        edits.push(text);
        const d = deferred<void>();
        pending.push(d);
        return d.promise;
      },
      { minIntervalMs: 1000, now: () => now },
    );

    expect(reporter.report('page 1')).toBe(true);
    now = 1500;
    expect(reporter.report('page 2')).toBe(false); // the first edit has not finished
    pending[0]!.resolve();
    await pending[0]!.promise; // the reporter's own handler ran first: it was attached first
    now = 1600;
    expect(reporter.report('page 3')).toBe(true);
    pending[1]!.resolve();
    await pending[1]!.promise;
    now = 2599;
    expect(reporter.report('page 4')).toBe(false); // too soon after page 3
    now = 2600;
    expect(reporter.report('page 5')).toBe(true);
    expect(edits).toEqual(['page 1', 'page 3', 'page 5']);
  });

  it('waits on close for the edit under way and edits nothing after', async () => {
    const edits: string[] = [];
    const gate = deferred<void>();
    let finished = false;
    const reporter = new ProgressReporter(async (text) => {
      edits.push(text);
      await gate.promise;
      finished = true;
    });
    reporter.report('page 1');
    const closed = reporter.close();
    gate.resolve();
    await closed;
    expect(finished).toBe(true);
    expect(reporter.report('page 2')).toBe(false);
    expect(edits).toEqual(['page 1']);
  });

  it('stops after a failed edit and reports the failure', async () => {
    let now = 0;
    const failed = deferred<unknown>();
    const reporter = new ProgressReporter(() => Promise.reject(new Error('Unknown Webhook')), {
      now: () => now,
      onError: (error) => failed.resolve(error),
    });
    expect(reporter.report('page 1')).toBe(true);
    expect(await failed.promise).toEqual(new Error('Unknown Webhook'));
    now = 10_000;
    expect(reporter.report('page 2')).toBe(false);
  });
});
