import { channelMention, hyperlink, roleMention, userMention, type APIEmbed } from 'discord.js';
import type { GuildSettings } from '../store/index.js';
import { COLORS } from './colors.js';

export function formatSettings(
  settings: GuildSettings,
  facts: {
    storeDescription: string;
    pollIntervalSeconds: number;
    confirmations: boolean;
    tradeBots: boolean;
    botSteamId: string;
  },
): APIEmbed {
  const list = (ids: string[], mention: (id: string) => string) =>
    ids.length ? ids.map(mention).join(', ') : 'nobody';
  return {
    title: 'tradedesk settings',
    description: 'Server managers change these with `/config channel`, `/config allow` and `/config disallow`.',
    color: COLORS.neutral,
    fields: [
      {
        name: 'Offer channel',
        value: settings.channelId ? channelMention(settings.channelId) : 'not set yet',
        inline: false,
      },
      { name: 'Roles allowed to trade', value: list(settings.allowedRoleIds, roleMention), inline: true },
      { name: 'Users allowed to trade', value: list(settings.allowedUserIds, userMention), inline: true },
      {
        name: 'Bot account',
        value: hyperlink(facts.botSteamId, `https://steamcommunity.com/profiles/${facts.botSteamId}`),
        inline: false,
      },
      { name: 'Polling', value: `every ${facts.pollIntervalSeconds} s`, inline: true },
      {
        name: 'Mobile confirmations',
        value: facts.confirmations ? 'automatic' : 'manual (no STEAM_IDENTITY_SECRET)',
        inline: true,
      },
      { name: 'SteamTradeBots', value: facts.tradeBots ? 'configured' : 'not configured', inline: true },
      { name: 'Store', value: facts.storeDescription, inline: false },
    ],
  };
}

/** Discord accepts at most 100 ids in each list of allowed_mentions. */
const MAX_MENTIONS = 100;

/**
 * An alert that needs a person (the Steam session died, SteamTradeBots refused the key) pings
 * the members allowed to trade, and only them: allowed_mentions names exactly those roles and
 * users, so an @everyone or a mention inside the text can never ping anyone else.
 */
export function mentionAllowed(
  content: string,
  settings: Pick<GuildSettings, 'allowedRoleIds' | 'allowedUserIds'>,
): { content: string; allowed_mentions: { parse: []; roles: string[]; users: string[] } } {
  const roles = settings.allowedRoleIds.slice(0, MAX_MENTIONS);
  const users = settings.allowedUserIds.slice(0, MAX_MENTIONS);
  const mentions = [...roles.map(roleMention), ...users.map(userMention)].join(' ');
  return {
    content: mentions ? `${mentions}\n${content}` : content,
    allowed_mentions: { parse: [], roles, users },
  };
}
