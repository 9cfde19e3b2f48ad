import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeRecord, encodeRecord, StoredRecordError, type RecordKind } from '../../src/store/records.js';

// A record that changed twice: v1 had `name`, v2 renamed it `title`, v3 added `tags`.
const note: RecordKind<{ title: string; tags: string[] }> = {
  what: 'note',
  version: 3,
  schema: z.object({ title: z.string(), tags: z.array(z.string()) }),
  migrations: {
    1: ({ name, ...rest }) => ({ ...rest, title: name }),
    2: (old) => ({ ...old, tags: [] }),
  },
};

describe('versioned records', () => {
  it('migrates each older version step by step and says from which', () => {
    expect(decodeRecord(note, 'k', { name: 'first' })).toEqual({
      value: { title: 'first', tags: [] },
      migratedFrom: 1,
    });
    expect(decodeRecord(note, 'k', { v: 2, title: 'second' })).toEqual({
      value: { title: 'second', tags: [] },
      migratedFrom: 2,
    });
    expect(decodeRecord(note, 'k', { v: 3, title: 'third', tags: ['x'] })).toEqual({
      value: { title: 'third', tags: ['x'] },
      migratedFrom: null,
    });
  });

  it('writes the current version beside the fields', () => {
    expect(encodeRecord(note, { title: 't', tags: [] })).toEqual({ v: 3, title: 't', tags: [] });
    expect(() => encodeRecord(note, { title: 5 } as never)).toThrow();
  });

  it('refuses what it cannot read, naming the problem but no value from the record', () => {
    const refuse = (raw: unknown) => {
      try {
        decodeRecord(note, 'k', raw);
      } catch (error) {
        expect(error).toBeInstanceOf(StoredRecordError);
        return (error as StoredRecordError).problem;
      }
      throw new Error('accepted');
    };
    expect(refuse('secret-looking text')).toBe('expected an object, found string');
    expect(refuse([1])).toBe('expected an object, found a list');
    expect(refuse({ v: 'two', title: 't' })).toBe('its version is not a whole number');
    expect(refuse({ v: 4, title: 't', tags: [] })).toBe(
      'it is version 4, written by a newer tradedesk; this one reads up to version 3',
    );
    expect(refuse({ v: 3, title: 'hunter2', tags: 'all' })).toBe(
      'version 3: tags: Invalid input: expected array, received string',
    );
    expect(refuse({ v: 3, title: 'hunter2', tags: 'all' })).not.toContain('hunter2');
  });
});
