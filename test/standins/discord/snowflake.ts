/** Discord snowflakes: (ms since 2015-01-01) << 22 | worker << 17 | process << 12 | increment. */
export const DISCORD_EPOCH = 1420070400000n;

export class SnowflakeGenerator {
  private lastMs = 0n;
  private increment = 0n;

  constructor(
    private readonly worker = 1n,
    private readonly processId = 0n,
  ) {}

  /** A new id, strictly greater than every id this generator handed out before. */
  next(now: number = Date.now()): string {
    let ms = BigInt(now) - DISCORD_EPOCH;
    if (ms < this.lastMs) ms = this.lastMs;
    if (ms === this.lastMs) {
      this.increment += 1n;
      if (this.increment > 0xfffn) {
        ms += 1n;
        this.increment = 0n;
      }
    } else {
      this.increment = 0n;
    }
    this.lastMs = ms;
    return ((ms << 22n) | (this.worker << 17n) | (this.processId << 12n) | this.increment).toString();
  }
}

export function snowflakeTimestamp(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/** Discord's timestamp format: `2024-05-01T12:00:00.123000+00:00`. */
export function discordIso(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2024-05-01T12:00:00.123Z
  return `${iso.slice(0, 23)}000+00:00`;
}
