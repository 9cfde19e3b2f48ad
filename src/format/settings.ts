import type { APIEmbed } from 'discord.js';
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
    color: COLORS.neutral,
    fields: [
      {
        name: 'Offer channel',
        value: settings.channelId ? `<#${settings.channelId}>` : 'not set — use `/config channel`',
        inline: false,
      },
      { name: 'Allowed roles', value: list(settings.allowedRoleIds, (id) => `<@&${id}>`), inline: true },
      { name: 'Allowed users', value: list(settings.allowedUserIds, (id) => `<@${id}>`), inline: true },
      {
        name: 'Bot account',
        value: `[${facts.botSteamId}](https://steamcommunity.com/profiles/${facts.botSteamId})`,
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
