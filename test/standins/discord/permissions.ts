/** The permission bits the stand-in needs by name (values as in Discord's API). */
export const Perm = {
  CreateInstantInvite: 1n << 0n,
  KickMembers: 1n << 1n,
  BanMembers: 1n << 2n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewAuditLog: 1n << 7n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  SendTTSMessages: 1n << 12n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseExternalEmojis: 1n << 18n,
  Connect: 1n << 20n,
  Speak: 1n << 21n,
  UseVAD: 1n << 25n,
  ChangeNickname: 1n << 26n,
  ManageRoles: 1n << 28n,
  UseApplicationCommands: 1n << 31n,
  RequestToSpeak: 1n << 32n,
  CreatePublicThreads: 1n << 35n,
  CreatePrivateThreads: 1n << 36n,
  UseExternalStickers: 1n << 37n,
  SendMessagesInThreads: 1n << 38n,
  UseEmbeddedActivities: 1n << 39n,
  UseSoundboard: 1n << 42n,
  UseExternalSounds: 1n << 45n,
  SendVoiceMessages: 1n << 46n,
  SendPolls: 1n << 49n,
  UseExternalApps: 1n << 50n,
} as const;

/** Every permission Discord defines today (what an administrator or the owner gets). */
export const ALL_PERMISSIONS = 8866461766385663n;

/** Roughly what @everyone gets in a new server. */
export const DEFAULT_EVERYONE_PERMISSIONS =
  Perm.CreateInstantInvite |
  Perm.AddReactions |
  Perm.ViewChannel |
  Perm.SendMessages |
  Perm.EmbedLinks |
  Perm.AttachFiles |
  Perm.ReadMessageHistory |
  Perm.UseExternalEmojis |
  Perm.Connect |
  Perm.Speak |
  Perm.UseVAD |
  Perm.ChangeNickname |
  Perm.UseApplicationCommands |
  Perm.RequestToSpeak |
  Perm.CreatePublicThreads |
  Perm.CreatePrivateThreads |
  Perm.UseExternalStickers |
  Perm.SendMessagesInThreads |
  Perm.UseEmbeddedActivities |
  Perm.UseSoundboard |
  Perm.UseExternalSounds |
  Perm.SendVoiceMessages |
  Perm.SendPolls |
  Perm.UseExternalApps;

/** The bot's managed role: what a typical invite link for a chat-ops bot asks for (no Administrator). */
export const DEFAULT_BOT_PERMISSIONS =
  Perm.ViewChannel |
  Perm.SendMessages |
  Perm.EmbedLinks |
  Perm.AttachFiles |
  Perm.ReadMessageHistory |
  Perm.AddReactions |
  Perm.UseExternalEmojis |
  Perm.UseApplicationCommands |
  Perm.SendMessagesInThreads;

export interface Overwrite {
  id: string;
  /** 0 role, 1 member */
  type: 0 | 1;
  allow: bigint;
  deny: bigint;
}

/**
 * Discord's permission algorithm: base permissions from @everyone and the member's roles (owner and
 * Administrator get everything), then channel overwrites (@everyone, roles, member), then the implicit
 * rules (no View Channel means nothing; no Send Messages means no embeds, files, mentions of everyone).
 */
export function computePermissions(p: {
  guildId: string;
  ownerId: string;
  userId: string;
  everyone: bigint;
  rolePermissions: Array<{ id: string; permissions: bigint }>;
  overwrites?: Overwrite[] | undefined;
}): bigint {
  if (p.userId === p.ownerId) return ALL_PERMISSIONS;
  let perms = p.everyone;
  for (const r of p.rolePermissions) perms |= r.permissions;
  if ((perms & Perm.Administrator) !== 0n) return ALL_PERMISSIONS;
  if (!p.overwrites) return perms;

  const everyoneOw = p.overwrites.find((o) => o.type === 0 && o.id === p.guildId);
  if (everyoneOw) perms = (perms & ~everyoneOw.deny) | everyoneOw.allow;
  let allow = 0n;
  let deny = 0n;
  const roleIds = new Set(p.rolePermissions.map((r) => r.id));
  for (const o of p.overwrites) {
    if (o.type === 0 && o.id !== p.guildId && roleIds.has(o.id)) {
      allow |= o.allow;
      deny |= o.deny;
    }
  }
  perms = (perms & ~deny) | allow;
  const memberOw = p.overwrites.find((o) => o.type === 1 && o.id === p.userId);
  if (memberOw) perms = (perms & ~memberOw.deny) | memberOw.allow;

  if ((perms & Perm.ViewChannel) === 0n) return 0n;
  if ((perms & Perm.SendMessages) === 0n) {
    perms &= ~(Perm.SendTTSMessages | Perm.MentionEveryone | Perm.EmbedLinks | Perm.AttachFiles);
  }
  return perms;
}
