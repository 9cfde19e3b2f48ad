// The custom ids of the /offers list and /offers history page buttons: what they carry, that
// they read back, and what they refuse.
import { describe, expect, it } from 'vitest';
import { historyPageId } from '../../../src/commands/offers/history.js';
import { listPageId } from '../../../src/commands/offers/list.js';

describe('offers page ids', () => {
  it('writes and reads a list page', () => {
    const id = listPageId.build({
      kind: 'list',
      owner: '123456789012345678',
      direction: 'sent',
      activeOnly: false,
      cutoff: 1735689600,
      page: 3,
    });
    expect(id).toBe('offers:list:123456789012345678:s:0:1735689600:3');
    expect(listPageId.parse(id)).toEqual({
      kind: 'list',
      owner: '123456789012345678',
      direction: 'sent',
      activeOnly: false,
      cutoff: 1735689600,
      page: 3,
    });
  });

  it('writes and reads a history page', () => {
    const id = historyPageId.build({ kind: 'history', owner: '42424242424242424', count: 100, page: 0 });
    expect(id).toBe('offers:history:42424242424242424:100:0');
    expect(historyPageId.parse(id)).toEqual({ kind: 'history', owner: '42424242424242424', count: 100, page: 0 });
  });

  it('reads every direction and the active flag', () => {
    expect(listPageId.parse('offers:list:1:r:1:0:0')).toMatchObject({ direction: 'received', activeOnly: true });
    expect(listPageId.parse('offers:list:1:a:1:0:0')).toMatchObject({ direction: 'all', activeOnly: true });
  });

  it('refuses ids it did not make', () => {
    expect(listPageId.parse('offers:list:1:x:1:0:0')).toBeNull();
    expect(listPageId.parse('offers:list:1:r:1:0:-1')).toBeNull();
    expect(historyPageId.parse('offers:history:1:0:0')).toBeNull();
    expect(historyPageId.parse('offers:history:1:101:0')).toBeNull();
    expect(listPageId.parse('offer:accept:123')).toBeNull();
    expect(historyPageId.parse('offer:accept:123')).toBeNull();
    // Neither reads the other's ids.
    expect(listPageId.parse('offers:history:1:10:0')).toBeNull();
    expect(historyPageId.parse('offers:list:1:r:1:0:0')).toBeNull();
    expect(listPageId.parse('offers:list:1:r:1:0:0:extra')).toBeNull();
  });

  it('stays within the 100 characters Discord allows for a custom id', () => {
    const id = listPageId.build({
      kind: 'list',
      owner: '99999999999999999999',
      direction: 'received',
      activeOnly: false,
      cutoff: 4294967295,
      page: 9999,
    });
    expect(id.length).toBeLessThanOrEqual(100);
  });
});
