import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { formatStatus } from '../format/status.js';
import type { Command } from './types.js';

export const statusCommand: Command = {
  data: new SlashCommandBuilder()
    .setName('status')
    .setDescription('Steam session health, polling, rate-limit waits and the store')
    .setContexts(InteractionContextType.Guild),
  handler: {
    requires: 'everyone',
    async execute(interaction, ctx) {
      const healthy = await ctx.store.ping().catch(() => false);
      const tradeProtectionAt = await ctx.steam.tradeProtection.acknowledgedAt().catch(() => undefined);
      await interaction.reply({
        embeds: [
          formatStatus({
            now: Date.now(),
            session: ctx.steam.session,
            sessionExpiresAt: ctx.steam.sessionExpiresAt,
            renewal: ctx.sessionKeeper.facts(),
            health: ctx.health,
            rateLimits: ctx.steam.http.scheduler.snapshot(),
            store: { description: ctx.store.description, healthy },
            guildId: interaction.guildId,
            tradeProtectionAcknowledgedAt: tradeProtectionAt,
          }),
        ],
        // Private: it shows where the store is and what is wrong, which is for the asker.
        flags: MessageFlags.Ephemeral,
      });
    },
  },
};
