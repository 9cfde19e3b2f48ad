import { ApplicationCommandOptionType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { offersCommand } from '../../../src/commands/offers/index.js';
import { isSingleHandler } from '../../../src/commands/types.js';

describe('/offers as registered with Discord', () => {
  const json = offersCommand.data.toJSON();
  const subs = new Map((json.options ?? []).map((o) => [o.name, o]));

  it('has the subcommands and options of the spec', () => {
    expect(json.name).toBe('offers');
    const shape = [...subs.values()].map((sub) => ({
      name: sub.name,
      options:
        'options' in sub
          ? (sub.options ?? []).map((o) => ({ name: o.name, type: o.type, required: o.required ?? false }))
          : [],
    }));
    const S = ApplicationCommandOptionType.String;
    expect(shape).toEqual([
      {
        name: 'list',
        options: [
          { name: 'direction', type: S, required: false },
          { name: 'active_only', type: ApplicationCommandOptionType.Boolean, required: false },
        ],
      },
      { name: 'show', options: [{ name: 'id', type: S, required: true }] },
      { name: 'accept', options: [{ name: 'id', type: S, required: true }] },
      { name: 'decline', options: [{ name: 'id', type: S, required: true }] },
      { name: 'cancel', options: [{ name: 'id', type: S, required: true }] },
      {
        name: 'send',
        options: [
          { name: 'partner', type: S, required: true },
          { name: 'give', type: S, required: false },
          { name: 'receive', type: S, required: false },
          { name: 'message', type: S, required: false },
        ],
      },
      { name: 'history', options: [{ name: 'count', type: ApplicationCommandOptionType.Integer, required: false }] },
      { name: 'summary', options: [] },
    ]);
  });

  it('offers the three directions, bounds count to 1–100 and message to 128 characters', () => {
    const list = subs.get('list') as { options: { name: string; choices?: { value: string }[] }[] };
    expect(list.options[0]!.choices!.map((c) => c.value)).toEqual(['received', 'sent', 'all']);
    const history = subs.get('history') as { options: { min_value?: number; max_value?: number }[] };
    expect(history.options[0]).toMatchObject({ min_value: 1, max_value: 100 });
    const send = subs.get('send') as { options: { name: string; max_length?: number }[] };
    expect(send.options.find((o) => o.name === 'message')).toMatchObject({ max_length: 128 });
  });

  it('lets everyone read and only allowed traders change anything', () => {
    const handler = offersCommand.handler;
    if (isSingleHandler(handler)) throw new Error('expected subcommand handlers');
    expect(Object.fromEntries(Object.entries(handler).map(([name, h]) => [name, h.requires]))).toEqual({
      list: 'everyone',
      show: 'everyone',
      accept: 'trade',
      decline: 'trade',
      cancel: 'trade',
      send: 'trade',
      history: 'everyone',
      summary: 'everyone',
    });
  });
});
