/** Embed colours by meaning, so every message speaks the same language. */
export const COLORS = {
  neutral: 0x5865f2,
  /** An offer waiting for a decision: blue, so it never looks like an accepted (green) one. */
  active: 0x3498db,
  good: 0x2ecc71,
  accepted: 0x2ecc71,
  bad: 0xed4245,
  warning: 0xfaa61a,
  muted: 0x99aab5,
} as const;
