// ProgressReporter.show: the step a person must see ("Sending the offer…") is shown whatever the
// interval, after the edit under way, and never after close() or a failed edit.
import { describe, expect, it } from 'vitest';
import { ProgressReporter } from '../../src/commands/progress.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('ProgressReporter.show', () => {
  it('waits for the edit under way, then edits at once even inside the interval', async () => {
    const edits: string[] = [];
    const gate = deferred();
    const reporter = new ProgressReporter(
      async (text) => {
        edits.push(text);
        if (text === 'page 1') await gate.promise;
      },
      { minIntervalMs: 60_000, now: () => 0 },
    );
    expect(reporter.report('page 1')).toBe(true);
    const shown = reporter.show('sending');
    expect(edits).toEqual(['page 1']);
    gate.resolve();
    await shown;
    expect(edits).toEqual(['page 1', 'sending']);
    // The interval counts from the step shown.
    expect(reporter.report('page 2')).toBe(false);
  });

  it('shows nothing after close() or after a failed edit', async () => {
    const closedEdits: string[] = [];
    const closed = new ProgressReporter(async (text) => void closedEdits.push(text));
    await closed.close();
    await closed.show('sending');
    expect(closedEdits).toEqual([]);

    const failedEdits: string[] = [];
    const errors: unknown[] = [];
    const failing = new ProgressReporter(
      async (text) => {
        failedEdits.push(text);
        throw new Error('Unknown Webhook');
      },
      { onError: (error) => errors.push(error) },
    );
    await failing.show('page 1');
    await failing.show('sending');
    expect(failedEdits).toEqual(['page 1']);
    expect(errors).toEqual([new Error('Unknown Webhook')]);
  });
});
