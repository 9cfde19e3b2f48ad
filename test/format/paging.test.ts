import { ButtonStyle, ComponentType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { clampPage, offersPageId, pageButtons, paginate, parseOffersPageId } from '../../src/format/paging.js';

describe('offers page ids', () => {
  it('writes and reads a list page', () => {
    const id = offersPageId({
      kind: 'list',
      owner: '123456789012345678',
      direction: 'sent',
      activeOnly: false,
      cutoff: 1735689600,
      page: 3,
    });
    expect(id).toBe('offers:list:123456789012345678:s:0:1735689600:3');
    expect(parseOffersPageId(id)).toEqual({
      kind: 'list',
      owner: '123456789012345678',
      direction: 'sent',
      activeOnly: false,
      cutoff: 1735689600,
      page: 3,
    });
  });

  it('writes and reads a history page', () => {
    const id = offersPageId({ kind: 'history', owner: '42424242424242424', count: 100, page: 0 });
    expect(id).toBe('offers:history:42424242424242424:100:0');
    expect(parseOffersPageId(id)).toEqual({ kind: 'history', owner: '42424242424242424', count: 100, page: 0 });
  });

  it('reads every direction and the active flag', () => {
    expect(parseOffersPageId('offers:list:1:r:1:0:0')).toMatchObject({ direction: 'received', activeOnly: true });
    expect(parseOffersPageId('offers:list:1:a:1:0:0')).toMatchObject({ direction: 'all', activeOnly: true });
  });

  it('refuses ids it did not make', () => {
    expect(parseOffersPageId('offers:list:1:x:1:0:0')).toBeNull();
    expect(parseOffersPageId('offers:list:1:r:1:0:-1')).toBeNull();
    expect(parseOffersPageId('offers:history:1:0:0')).toBeNull();
    expect(parseOffersPageId('offers:history:1:101:0')).toBeNull();
    expect(parseOffersPageId('offer:accept:123')).toBeNull();
    expect(parseOffersPageId('offers:list:1:r:1:0:0:extra')).toBeNull();
  });

  it('stays within the 100 characters Discord allows for a custom id', () => {
    const id = offersPageId({
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

describe('paginate', () => {
  it('cuts by entry count', () => {
    expect(paginate(['a', 'b', 'c', 'd', 'e'], { maxChars: 100, maxPerPage: 2, separator: '\n' })).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e'],
    ]);
  });

  it('cuts by characters, counting the separators', () => {
    // "aaaa\nbbbb" is 9 characters; adding "\ncccc" would make 14 > 10.
    expect(paginate(['aaaa', 'bbbb', 'cccc'], { maxChars: 10, maxPerPage: 10, separator: '\n' })).toEqual([
      ['aaaa', 'bbbb'],
      ['cccc'],
    ]);
    expect(paginate(['aaaa', 'bbbb'], { maxChars: 9, maxPerPage: 10, separator: '\n' })).toEqual([['aaaa', 'bbbb']]);
  });

  it('shortens an entry that alone is too long', () => {
    expect(paginate(['abcdefghij', 'x'], { maxChars: 5, maxPerPage: 10, separator: '\n' })).toEqual([['abcd…'], ['x']]);
  });

  it('gives one empty page for no entries', () => {
    expect(paginate([], { maxChars: 5, maxPerPage: 10, separator: '\n' })).toEqual([[]]);
  });
});

describe('clampPage', () => {
  it('keeps the page inside what exists', () => {
    expect(clampPage(5, 3)).toBe(2);
    expect(clampPage(-1, 3)).toBe(0);
    expect(clampPage(1, 3)).toBe(1);
    expect(clampPage(0, 0)).toBe(0);
  });
});

describe('pageButtons', () => {
  const idFor = (page: number) => `offers:history:1:10:${page}`;

  it('shows none when everything fits on one page', () => {
    expect(pageButtons(0, 1, idFor)).toEqual([]);
  });

  it('disables Previous on the first page and Next on the last', () => {
    expect(pageButtons(0, 3, idFor)).toEqual([
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            label: 'Previous',
            custom_id: 'offers:history:1:10:-1',
            disabled: true,
          },
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            label: 'Next',
            custom_id: 'offers:history:1:10:1',
            disabled: false,
          },
        ],
      },
    ]);
    const last = pageButtons(2, 3, idFor)[0]!.components;
    expect(last.map((b) => ('custom_id' in b ? [b.custom_id, b.disabled] : null))).toEqual([
      ['offers:history:1:10:1', false],
      ['offers:history:1:10:3', true],
    ]);
  });
});
