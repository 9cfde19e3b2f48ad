// The layer rules in eslint.config.js: each crossing the architecture forbids fails the lint, and
// the imports the layers are meant to make pass. Linted as text at the path it would live at.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering', () => {
  it.each([
    ['src/commands/offers/x.ts', "import { x } from '../../events/interactionCreate.js';", 'events/'],
    ['src/commands/x.ts', "import { x } from '../app.js';", 'app/'],
    ['src/steam/x.ts', "import { x } from '../tradebots/service.js';", 'tradebots/'],
    ['src/steam/x.ts', "import { x } from '../format/offer.js';", 'format/'],
    ['src/steam/x.ts', "import { Client } from 'discord.js';", 'Discord'],
    ['src/tradebots/x.ts', "import { x } from '../format/tradebots.js';", 'format/'],
    ['src/tradebots/x.ts', "import { x } from '../feed/feed.js';", 'feed/'],
    ['src/tradebots/x.ts', "import { EmbedBuilder } from '@discordjs/builders';", 'Discord'],
    ['src/store/x.ts', "import { x } from '../steam/client.js';", 'steam/'],
    ['src/format/x.ts', "import { x } from '../services/tradeOffers.js';", 'services/'],
    ['src/services/x.ts', "import { x } from '../commands/index.js';", 'commands/'],
  ])('%s may not import %s', async (filePath, code, named) => {
    const errors = await layerErrors(filePath, `${code}\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(named);
  });

  it.each([
    ['src/commands/x.ts', "import { x } from '../format/offer.js';"],
    ['src/commands/x.ts', "import { x } from '../services/tradeOffers.js';"],
    ['src/events/x.ts', "import { x } from '../commands/index.js';"],
    ['src/services/x.ts', "import { x } from '../steam/client.js';"],
    ['src/tradebots/x.ts', "import { x } from '../steam/badgePage.js';"],
    ['src/steam/x.ts', "import { x } from '../store/steamSession.js';"],
    ['src/format/x.ts', "import { x } from '../steam/types.js';"],
  ])('%s may %s', async (filePath, code) => {
    expect(await layerErrors(filePath, `${code}\n`)).toEqual([]);
  });
});

describe('ICU, whose data stays resident once mapped (issue 13)', () => {
  async function icuErrors(code: string): Promise<string[]> {
    const [result] = await eslint.lintText(`${code}\n`, { filePath: 'src/format/x.ts' });
    return (result?.messages ?? [])
      .filter((m) => m.ruleId === 'no-restricted-globals' || m.ruleId === 'no-restricted-properties')
      .map((m) => m.message);
  }

  it.each([
    'export const order = new Intl.Collator();',
    'export const f = (a: string, b: string) => a.localeCompare(b);',
    "export const f = (n: number) => n.toLocaleString('en-US');",
    'export const f = (d: Date) => d.toLocaleDateString();',
  ])('src/ may not: %s', async (code) => {
    expect(await icuErrors(code)).toHaveLength(1);
  });

  it('src/ may use thousands() and byItemName()', async () => {
    expect(
      await icuErrors(
        "import { byItemName } from '../steam/inventoryGroups.js';\nexport const f = (a: string, b: string) => byItemName(a, b);",
      ),
    ).toEqual([]);
  });
});
