// Discord's limits, declared once (https://discord.com/developers/docs/resources/message#embed-object-embed-limits,
// https://discord.com/developers/docs/interactions/message-components#button-object). Discord refuses a
// whole message when one of them is passed, so every formatter cuts to these.

export const EMBED_LIMITS = {
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  /** All embeds of one message together. */
  total: 6000,
} as const;

/** A component's custom_id. */
export const CUSTOM_ID_LIMIT = 100;

/** Choices in one autocomplete answer. */
export const AUTOCOMPLETE_CHOICES_LIMIT = 25;
