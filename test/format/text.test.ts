// Text from Steam is written by strangers: what it may not do to a card (reorder, hide, format,
// link, overflow) and what it must still say.
import { describe, expect, it } from 'vitest';
import { offerEmbed } from '../../src/format/offer.js';
import {
  cleanText,
  cut,
  markdownText,
  plural,
  steamLine,
  steamMessageBlock,
  thousands,
} from '../../src/format/text.js';
import { description, embedLength, offer, offerAsset } from './fixtures.js';

const RLO = '\u202e';

describe('plural', () => {
  it('counts as people read it, with the word that goes with the count', () => {
    expect(plural(1, 'item')).toBe('1 item');
    expect(plural(0, 'item')).toBe('0 items');
    expect(plural(1234, 'more context')).toBe('1,234 more contexts');
    expect(plural(2, 'foil set', 'foil sets')).toBe('2 foil sets');
    expect(plural(3, 'child', 'children')).toBe('3 children');
  });
});

describe('thousands', () => {
  it("writes numbers as toLocaleString('en-US') does, without loading ICU", () => {
    const values = [0, -0, 1, 7, 12, 999, 1000, 1001, 12_345, 999_999, 1_000_000, 123_456_789, 2 ** 53 - 1];
    const fractions = [0.5, 1.25, 1234.5678, 0.0004, 0.0005, 999.9996, 1e-7];
    for (const value of [...values, ...fractions, ...values.map((v) => -v), ...fractions.map((v) => -v)]) {
      expect(thousands(value), String(value)).toBe(value.toLocaleString('en-US'));
    }
    expect(thousands(1234567)).toBe('1,234,567');
    expect(thousands(-1234.5)).toBe('-1,234.5');
  });
});

describe('cleanText', () => {
  it('removes bidi controls, zero-width and filler characters, and control characters', () => {
    expect(cleanText(`${RLO}evil\u2066x\u2069\u200b\u200dname\ufeff\u3164\u200e\u0007!`)).toBe('evilxname !');
    expect(cleanText('line one\r\nline two')).toBe('line one\nline two');
  });

  it('keeps emoji and text in other scripts', () => {
    expect(cleanText('Ключ 🔑 مفتاح')).toBe('Ключ 🔑 مفتاح');
  });
});

describe('cut', () => {
  it('cuts with an ellipsis and never splits a surrogate pair', () => {
    expect(cut('abcdef', 4)).toBe('abc…');
    expect(cut('abcdef', 6)).toBe('abcdef');
    expect(cut('ab🔑cd', 4)).toBe('ab…');
  });
});

describe('markdownText', () => {
  it('escapes formatting, masked links, mention pills and bare URLs', () => {
    expect(markdownText('**free** [steamcommunity.com](https://scam.example) <@&1> https://scam.example')).toBe(
      '\\*\\*free\\*\\* \\[steamcommunity.com](https\\://scam.example) \\<@&1> https\\://scam.example',
    );
  });
});

describe('steamLine', () => {
  it('makes one line of at most the given length, whatever escaping adds', () => {
    const line = steamLine(`${'*'.repeat(50)}\nsecond line`, 40);
    expect(line.length).toBeLessThanOrEqual(40);
    expect(line).not.toContain('\n');
    expect(line).toMatch(/^(\\\*)+…$/);
  });
});

describe('steamMessageBlock', () => {
  it('puts the message in a code block that a message cannot close', () => {
    const block = steamMessageBlock('hi ```\n**bold** https://scam.example/login', 1000);
    expect(block).toBe('```\nhi ˋˋˋ\n**bold** https://scam.example/login\n```');
  });

  it('stays within its limit', () => {
    expect(steamMessageBlock('x'.repeat(5000), 1000).length).toBeLessThanOrEqual(1000);
  });
});

describe('an offer card with hostile Steam text', () => {
  it('a 1,100-character persona name, message and item names still make a card Discord accepts', () => {
    const long = 'N'.repeat(1100);
    const asset = { ...offerAsset('1', long), description: description(long, { marketHashName: 'M'.repeat(1100) }) };
    const embed = offerEmbed({
      offer: offer({ message: 'm'.repeat(1100), itemsToReceive: [asset], itemsToGive: [asset] }),
      partnerName: long,
    });
    expect(embedLength(embed)).toBeLessThanOrEqual(6000);
    for (const f of embed.fields ?? []) {
      expect(f.value.length).toBeGreaterThan(0);
      expect(f.value.length).toBeLessThanOrEqual(1024);
    }
    expect(embed.description!.length).toBeLessThanOrEqual(4096);
    expect(embed.fields?.find((f) => f.name === 'Partner')?.value).toContain('`76561198000000001`');
  });

  it('a bidi override in the persona name cannot reverse the SteamID after it', () => {
    const embed = offerEmbed({ offer: offer(), partnerName: `Valve${RLO}` });
    const partner = embed.fields?.find((f) => f.name === 'Partner')?.value ?? '';
    expect(partner).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200b-\u200f]/);
    expect(partner).toContain('**Valve** · ');
  });
});
