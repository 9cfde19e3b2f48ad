import { ButtonStyle, ComponentType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { clampPage, pageButtons, paginate } from '../../src/format/paging.js';

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
            // The disabled end names the page shown: the two ids still differ.
            custom_id: 'offers:history:1:10:0',
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
      ['offers:history:1:10:2', true],
    ]);
  });
});
