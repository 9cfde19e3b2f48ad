/** Embed colours by meaning, so every message speaks the same language. */
export const COLORS = {
  neutral: 0x5865f2,
  active: 0x3ba55d,
  good: 0x2ecc71,
  bad: 0xed4245,
  warning: 0xfaa61a,
  muted: 0x99aab5,
} as const;
