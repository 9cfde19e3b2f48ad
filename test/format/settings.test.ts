// /config show's embed and the mentions of alerts that need a person.
import { describe, expect, it } from 'vitest';
import { formatSettings, mentionAllowed } from '../../src/format/settings.js';

describe('mentionAllowed', () => {
  it('mentions the allowed roles and users and allows pinging exactly those', () => {
    expect(mentionAllowed('⚠️ act now @everyone', { allowedRoleIds: ['10'], allowedUserIds: ['20', '21'] })).toEqual({
      content: '<@&10> <@20> <@21>\n⚠️ act now @everyone',
      allowed_mentions: { parse: [], roles: ['10'], users: ['20', '21'] },
    });
  });

  it('pings nobody when nobody is allowed, and keeps to Discord’s 100 ids a list', () => {
    expect(mentionAllowed('x', { allowedRoleIds: [], allowedUserIds: [] })).toEqual({
      content: 'x',
      allowed_mentions: { parse: [], roles: [], users: [] },
    });
    const many = Array.from({ length: 150 }, (_, i) => String(1000 + i));
    const { allowed_mentions } = mentionAllowed('x', { allowedRoleIds: many, allowedUserIds: many });
    expect(allowed_mentions.roles).toHaveLength(100);
    expect(allowed_mentions.users).toHaveLength(100);
  });
});

describe('formatSettings', () => {
  it('reads as a view and says who changes what', () => {
    const embed = formatSettings(
      { channelId: null, allowedRoleIds: ['10'], allowedUserIds: [] },
      {
        storeDescription: 'sqlite (data/x.sqlite)',
        pollIntervalSeconds: 30,
        confirmations: false,
        tradeBots: false,
        botSteamId: '76561198000000009',
      },
    );
    expect(embed.description).toContain('Server managers change these');
    const fields = Object.fromEntries((embed.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields['Offer channel']).toBe('not set yet');
    expect(fields['Roles allowed to trade']).toBe('<@&10>');
    expect(fields['Users allowed to trade']).toBe('nobody');
  });
});
