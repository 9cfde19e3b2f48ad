// The poller's memory of offer states stays bounded without forgetting offers that can still change.
import { describe, expect, it } from 'vitest';
import { pruneOfferStates } from '../../src/feed/pollRules.js';

describe('pruneOfferStates', () => {
  it('keeps everything up to the limit', () => {
    const states = { '1': 3, '2': 7 };
    pruneOfferStates(states, 2);
    expect(states).toEqual({ '1': 3, '2': 7 });
  });

  it('forgets the oldest finished offers first, by numeric id, never active, unconfirmed or escrowed ones', () => {
    const states: Record<string, number> = {
      '900': 3, // finished, but id 900 < 1000 only as a number
      '1000': 2, // active
      '1001': 9, // needs confirmation
      '1002': 11, // in escrow
      '10000': 7,
      '10001': 6,
      '99999999999': 3,
    };
    pruneOfferStates(states, 4);
    expect(Object.keys(states).sort()).toEqual(['1000', '1001', '1002', '99999999999']);
  });

  it('cannot go below the offers that can still change', () => {
    const states: Record<string, number> = { '1': 2, '2': 2, '3': 2, '4': 5 };
    pruneOfferStates(states, 2);
    expect(states).toEqual({ '1': 2, '2': 2, '3': 2 });
  });
});
