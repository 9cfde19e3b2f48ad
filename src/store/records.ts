// Stored records carry their version in a `v` field beside their own fields. A record written
// by an older tradedesk is brought up to date by the migrations below when it is read (and
// written back); a record that cannot be read — a wrong shape, or a version newer than this
// code knows — is an error the bot reports, never "nothing stored" (which would quietly reset
// a server's settings or restart the feed's bookkeeping).
import type { z } from 'zod';
import { UserError } from '../errors.js';

export interface RecordKind<T> {
  /** For messages and logs: "settings", "posted offer"… */
  what: string;
  version: number;
  schema: z.ZodType<T>;
  /**
   * migrations[n] turns a version-n record (without its `v`) into a version n+1 one. Version 1
   * is what tradedesk wrote before records had versions: the same fields, no `v`.
   */
  migrations: Record<number, (old: Record<string, unknown>) => Record<string, unknown>>;
}

/** A stored record this tradedesk cannot read. Its text is safe to show (no values from the record). */
export class StoredRecordError extends UserError {
  constructor(
    readonly key: string,
    readonly what: string,
    readonly problem: string,
  ) {
    super(
      `The stored ${what} cannot be read (${problem}). It was left as it is: restore the store from a backup, ` +
        'or run tradedesk of the version that wrote it.',
    );
  }
}

export type Decoded<T> = { value: T; migratedFrom: number | null };

/** Stored form → current record, migrating older versions. Throws StoredRecordError. */
export function decodeRecord<T>(kind: RecordKind<T>, key: string, raw: unknown): Decoded<T> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new StoredRecordError(
      key,
      kind.what,
      `expected an object, found ${Array.isArray(raw) ? 'a list' : typeof raw}`,
    );
  }
  const { v, ...fields } = raw as Record<string, unknown>;
  const from = v === undefined ? 1 : v;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 1) {
    throw new StoredRecordError(key, kind.what, 'its version is not a whole number');
  }
  if (from > kind.version) {
    throw new StoredRecordError(
      key,
      kind.what,
      `it is version ${from}, written by a newer tradedesk; this one reads up to version ${kind.version}`,
    );
  }
  let current = fields;
  for (let version = from; version < kind.version; version += 1) {
    const migrate = kind.migrations[version];
    if (!migrate) throw new StoredRecordError(key, kind.what, `no migration from version ${version}`);
    current = migrate(current);
  }
  const parsed = kind.schema.safeParse(current);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'the record';
    throw new StoredRecordError(key, kind.what, `version ${from}: ${where}: ${issue?.message ?? 'unexpected shape'}`);
  }
  return { value: parsed.data, migratedFrom: from === kind.version ? null : from };
}

/** Current record → stored form. */
export function encodeRecord<T>(kind: RecordKind<T>, value: T): Record<string, unknown> {
  return { v: kind.version, ...(kind.schema.parse(value) as Record<string, unknown>) };
}
