// Two kinds of error reach a Discord user: a UserError, whose text is safe and names the bad
// input, and everything else, which is logged in full while the user gets a generic line
// (STYLE.md §3.4) — so no URL with a key or cookie can ever be echoed into a channel.

export class UserError extends Error {
  override readonly name = 'UserError';
}

/** `user`: "abc" is not a SteamID64… — quotes and truncates the input so it cannot break the message. */
export function invalidInput(option: string, value: string, reason: string): UserError {
  const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  return new UserError(`\`${option}\`: "${shown.replace(/[`"]/g, "'")}" ${reason}. Nothing was sent to Steam.`);
}
