// Reading an inventory page from its bytes (src/steam/inventoryPageBytes.ts): it must give what
// JSON.parse gives, refuse (undefined) whatever JSON.parse refuses, and leave out only the
// descriptions of classes the load says it knows.
import { describe, expect, it } from 'vitest';
import { KNOWN_DESCRIPTION, readInventoryPageBytes, UnparsedDescription } from '../../src/steam/inventoryPageBytes.js';

const nothingKnown = () => false;
/** The page read from the text's bytes, with each description not yet parsed parsed. */
async function read(text: string, known: (classid: string, instanceid: string) => boolean = nothingKnown) {
  const page = await readInventoryPageBytes(Buffer.from(text, 'utf8'), known);
  if (page && Array.isArray(page.descriptions)) {
    page.descriptions = page.descriptions.map((d: unknown) => (d instanceof UnparsedDescription ? d.parse() : d));
  }
  return page;
}

/** The ordinary reading: the bytes decoded as UTF-8, then JSON.parse; undefined where that fails or is no object. */
function jsonParseObject(text: string): unknown {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'utf8').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A page of Steam's shape with every kind of JSON value in it. */
const PAGE = JSON.stringify({
  assets: [
    { appid: 753, contextid: '6', assetid: '30', classid: '1', instanceid: '0', amount: '1' },
    { appid: 753, contextid: '6', currencyid: '31', classid: '2', amount: 1500 },
  ],
  descriptions: [
    {
      appid: 753,
      classid: '1',
      instanceid: '0',
      name: 'Smoker "the" \\ card\n\t€ 😀 \u0001',
      tags: [{ category: 'Game', internal_name: 'app_550', localized_tag_name: 'Left 4 Dead 2' }],
      tradable: 1,
      marketable: true,
      sealed: false,
      owner: null,
      prices: [-1.5e-3, 0, 12.25, 1e21, -0],
      container_properties: { contained_items: [{ classid: '99' }] },
      empty: {},
      none: [],
    },
    { appid: 753, classid: 2, name: 'Gems' },
  ],
  more_items: 1,
  last_assetid: '31',
  total_inventory_count: 2,
  success: 1,
  rwgrsn: -2,
});

describe('readInventoryPageBytes', () => {
  it('gives what JSON.parse gives when no class is known', async () => {
    expect(await read(PAGE)).toEqual(JSON.parse(PAGE));
    expect(await read(`  \r\n\t${PAGE} \n`)).toEqual(JSON.parse(PAGE));
    const spaced = JSON.stringify(JSON.parse(PAGE), null, 2);
    expect(await read(spaced)).toEqual(JSON.parse(spaced));
    expect(await read('{}')).toEqual({});
    expect(await read('{"descriptions":[]}')).toEqual({ descriptions: [] });
    expect(await read('{"descriptions":null,"success":false}')).toEqual({ descriptions: null, success: false });
    // Escapes JSON.stringify never writes.
    const escapes = String.raw`{"a":"\u00e9\uD83D\uDE00\/\b\f\r","descriptions":[{"classid":"1","x":"\u0041"}]}`;
    expect(await read(escapes)).toEqual(JSON.parse(escapes));
  });

  it('leaves a new class’s description to be parsed when the load comes to it, and other values parsed', async () => {
    const page = (await readInventoryPageBytes(Buffer.from(PAGE), nothingKnown))!;
    const descriptions = page.descriptions as unknown[];
    expect(descriptions.map((d) => d instanceof UnparsedDescription)).toEqual([true, true]);
    expect(page.assets).toEqual((JSON.parse(PAGE) as { assets: unknown }).assets);
    const odd = (await readInventoryPageBytes(Buffer.from('{"descriptions":["x",7,null,[]]}'), nothingKnown))!;
    expect(odd.descriptions).toEqual(['x', 7, null, []]);
  });

  it('leaves out the descriptions of known classes, in place, and keeps the rest', async () => {
    const known = (classid: string, instanceid: string) => classid === '1' && instanceid === '0';
    const page = (await read(PAGE, known))!;
    const parsed = JSON.parse(PAGE) as { assets: unknown; descriptions: unknown[] };
    expect(page.descriptions).toEqual([KNOWN_DESCRIPTION, parsed.descriptions[1]]);
    expect(page.assets).toEqual(parsed.assets);
  });

  it('asks about a class as DescriptionIndex.hasRaw would: String(classid), instanceid "0" when missing, the last of a repeated key', async () => {
    const asked: string[] = [];
    const known = (classid: string, instanceid: string) => {
      asked.push(`${classid}_${instanceid}`);
      return true;
    };
    const page = (await read(
      '{"descriptions":[{"classid":"7"},{"classid":8,"instanceid":9},{"classid":"1","classid":"2","instanceid":"3"},' +
        '{"classid":1.0e1},{"x":{"classid":"5"},"classid":"6","y":[{"instanceid":"4"}]}]}',
      known,
    ))!;
    expect(asked).toEqual(['7_0', '8_9', '2_3', '10_0', '6_0']);
    expect(page.descriptions).toEqual(Array(5).fill(KNOWN_DESCRIPTION));
  });

  it('parses a description it cannot place: no classid, an escaped key, a classid or instanceid of another type', async () => {
    const known = () => true;
    const cases = [
      '{"name":"no class"}',
      String.raw`{"class\u0069d":"1"}`,
      String.raw`{"classid":"1","n\u0061me":"x"}`,
      String.raw`{"classid":"\u0031"}`,
      '{"classid":null}',
      '{"classid":["1"]}',
      '{"classid":"1","instanceid":true}',
      '{"classid":"1","instanceid":{}}',
    ];
    for (const description of cases) {
      const text = `{"descriptions":[${description},"not an object",7]}`;
      expect(await read(text, known), description).toEqual(JSON.parse(text));
    }
  });

  it('refuses what JSON.parse refuses, and pages that are not an object', async () => {
    const bad = [
      '',
      ' ',
      'null',
      '[]',
      '"page"',
      '\ufeff{}',
      '{',
      '{"a":1',
      '{"a":1,}',
      '{"a" 1}',
      '{a:1}',
      "{'a':1}",
      '{"a":1}}',
      '{"a":1} x',
      '{"a":[1,]}',
      '{"a":[1 2]}',
      '{"a":01}',
      '{"a":-}',
      '{"a":1.}',
      '{"a":.5}',
      '{"a":1e}',
      '{"a":1e+}',
      '{"a":+1}',
      '{"a":NaN}',
      '{"a":Infinity}',
      '{"a":tru}',
      '{"a":nul}',
      '{"a":undefined}',
      '{"a":"x\ny"}',
      '{"a":"\t"}',
      String.raw`{"a":"\x41"}`,
      String.raw`{"a":"\u12G4"}`,
      String.raw`{"a":"\u12"}`,
      '{"a":"unterminated}',
      '{"descriptions":[{"classid":"1",}]}',
      '{"descriptions":[{"classid":"1"}],}',
      '{"descriptions":[{"classid":"1"} {"classid":"2"}]}',
      '{"descriptions":[{"classid" "1"}]}',
      '{"descriptions":[{"classid":"1"]}',
      '{"__proto__":{"polluted":true}}',
    ];
    for (const text of bad) expect(await read(text, () => true), JSON.stringify(text)).toBeUndefined();
  });

  it('agrees with JSON.parse on thousands of damaged pages', async () => {
    // A fixed seed, so a failure can be replayed.
    let seed = 13;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pieces = [
      '{',
      '}',
      '[',
      ']',
      '"',
      ',',
      ':',
      '\\',
      '\\u',
      '0',
      '-',
      '.',
      'e',
      ' ',
      '\n',
      '\u0001',
      'x',
      'null',
    ];
    const spaced = JSON.stringify(JSON.parse(PAGE), null, 1);
    for (let n = 0; n < 3000; n++) {
      const base = n % 2 ? PAGE : spaced;
      const at = random(base.length);
      const kind = random(3);
      const piece = pieces[random(pieces.length)]!;
      const damaged =
        kind === 0
          ? base.slice(0, at) + base.slice(at + 1)
          : kind === 1
            ? base.slice(0, at) + piece + base.slice(at)
            : base.slice(0, at) + piece + base.slice(at + 1);
      expect(await read(damaged), damaged).toEqual(jsonParseObject(damaged));
    }
  });

  it('pauses every few hundred KB of descriptions, and reads the page the same', async () => {
    const many = JSON.stringify({
      descriptions: Array.from({ length: 3000 }, (_, n) => ({
        classid: String(n),
        name: `Card ${n}`,
        pad: 'p'.repeat(200),
      })),
      more_items: 1,
    });
    let pauses = 0;
    const pause = () => {
      pauses++;
      return Promise.resolve();
    };
    const page = (await readInventoryPageBytes(Buffer.from(many), (classid) => Number(classid) % 2 === 0, pause))!;
    expect(pauses).toBeGreaterThanOrEqual(2);
    const expected = (JSON.parse(many) as { descriptions: unknown[] }).descriptions.map((d, n) =>
      n % 2 === 0 ? KNOWN_DESCRIPTION : d,
    );
    expect((page.descriptions as unknown[]).map((d) => (d instanceof UnparsedDescription ? d.parse() : d))).toEqual(
      expected,
    );
    expect(page.more_items).toBe(1);
  });

  it('hands a page nested too deep for it to the ordinary reading instead of failing', async () => {
    const deep = `{"a":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    expect(await read(deep)).toBeUndefined();
  });
});
