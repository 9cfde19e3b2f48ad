/**
 * The subset of Discord's body validation a bot is likely to trip over: message length limits, embed
 * limits, component layout, autocomplete choices, command definitions. Errors use Discord's codes.
 */
import type { FieldError } from './errors.js';

type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const IS_COMPONENTS_V2 = 1 << 15;

function maxLen(problems: FieldError[], path: Array<string | number>, v: unknown, max: number, min = 0): void {
  if (v === undefined || v === null) return;
  if (typeof v !== 'string') {
    problems.push({ path, code: 'BASE_TYPE_STRING', message: 'Must be a string.' });
    return;
  }
  if (v.length > max)
    problems.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
  if (v.length < min)
    problems.push({ path, code: 'BASE_TYPE_MIN_LENGTH', message: `Must be ${min} or more in length.` });
}

function required(problems: FieldError[], path: Array<string | number>, v: unknown): boolean {
  if (v === undefined || v === null || v === '') {
    problems.push({ path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
    return false;
  }
  return true;
}

/** Validates content/embeds/components of a message create, edit or interaction response body. */
export function validateMessageFields(body: Obj): FieldError[] {
  const problems: FieldError[] = [];
  maxLen(problems, ['content'], body['content'], 2000);

  const embeds = body['embeds'];
  if (embeds !== undefined && embeds !== null) {
    if (!Array.isArray(embeds)) problems.push({ path: ['embeds'], code: 'BASE_TYPE_LIST', message: 'Must be a list.' });
    else {
      if (embeds.length > 10)
        problems.push({ path: ['embeds'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 10 or fewer in length.' });
      let total = 0;
      embeds.forEach((e, i) => {
        if (!isObj(e)) return;
        const p = (...rest: Array<string | number>) => ['embeds', i, ...rest];
        maxLen(problems, p('title'), e['title'], 256);
        if (e['color'] !== undefined && e['color'] !== null) {
          const color = e['color'];
          if (typeof color !== 'number' || !Number.isInteger(color) || color < 0 || color > 0xffffff)
            problems.push({ path: p('color'), code: 'NUMBER_TYPE_MAX', message: 'int value should be <= 16777215.' });
        }
        if (e['url'] !== undefined && e['url'] !== null && !isWebUrl(e['url']))
          problems.push({
            path: p('url'),
            code: 'URL_TYPE_INVALID_SCHEME',
            message: 'Scheme must be one of (http, https).',
          });
        maxLen(problems, p('description'), e['description'], 4096);
        for (const k of ['title', 'description'] as const)
          if (typeof e[k] === 'string') total += (e[k] as string).length;
        const footer = e['footer'];
        if (isObj(footer)) {
          maxLen(problems, p('footer', 'text'), footer['text'], 2048);
          if (typeof footer['text'] === 'string') total += footer['text'].length;
        }
        const author = e['author'];
        if (isObj(author)) {
          maxLen(problems, p('author', 'name'), author['name'], 256);
          if (typeof author['name'] === 'string') total += author['name'].length;
        }
        const fields = e['fields'];
        if (Array.isArray(fields)) {
          if (fields.length > 25)
            problems.push({
              path: p('fields'),
              code: 'BASE_TYPE_MAX_LENGTH',
              message: 'Must be 25 or fewer in length.',
            });
          fields.forEach((f, j) => {
            if (!isObj(f)) return;
            if (required(problems, p('fields', j, 'name'), f['name']))
              maxLen(problems, p('fields', j, 'name'), f['name'], 256);
            if (required(problems, p('fields', j, 'value'), f['value']))
              maxLen(problems, p('fields', j, 'value'), f['value'], 1024);
            if (typeof f['name'] === 'string') total += f['name'].length;
            if (typeof f['value'] === 'string') total += f['value'].length;
          });
        }
      });
      if (total > 6000)
        problems.push({
          path: ['embeds'],
          code: 'MESSAGE_EMBEDS_TOO_LARGE',
          message: 'Embed size exceeds maximum size of 6000',
        });
    }
  }

  validateAllowedMentions(body['allowed_mentions'], problems);

  const components = body['components'];
  const flags = typeof body['flags'] === 'number' ? body['flags'] : 0;
  if (components !== undefined && components !== null) {
    if (!Array.isArray(components))
      problems.push({ path: ['components'], code: 'BASE_TYPE_LIST', message: 'Must be a list.' });
    else if ((flags & IS_COMPONENTS_V2) === 0) validateActionRows(components, problems);
  }
  if ((flags & IS_COMPONENTS_V2) !== 0) {
    if (typeof body['content'] === 'string' && body['content'] !== '')
      problems.push({
        path: ['content'],
        code: 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
        message: "The 'content' field cannot be used when using MessageFlags.IS_COMPONENTS_V2",
      });
  }
  return problems;
}

function validateActionRows(rows: unknown[], problems: FieldError[]): void {
  if (rows.length > 5)
    problems.push({ path: ['components'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 5 or fewer in length.' });
  const customIds = new Set<string>();
  rows.forEach((row, i) => {
    if (!isObj(row) || row['type'] !== 1) {
      problems.push({
        path: ['components', i, 'type'],
        code: 'UNION_TYPE_CHOICES',
        message: 'Value of field "type" must be one of (1,).',
      });
      return;
    }
    const children = row['components'];
    if (!Array.isArray(children) || children.length === 0) {
      problems.push({
        path: ['components', i, 'components'],
        code: 'BASE_TYPE_BAD_LENGTH',
        message: 'Must be between 1 and 5 in length.',
      });
      return;
    }
    if (children.length > 5)
      problems.push({
        path: ['components', i, 'components'],
        code: 'BASE_TYPE_BAD_LENGTH',
        message: 'Must be between 1 and 5 in length.',
      });
    const hasSelect = children.some((c) => isObj(c) && c['type'] !== 2);
    if (hasSelect && children.length > 1)
      problems.push({
        path: ['components', i, 'components'],
        code: 'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
        message: 'The specified component exceeds the maximum width',
      });
    children.forEach((c, j) => {
      const p = (...rest: Array<string | number>) => ['components', i, 'components', j, ...rest];
      if (!isObj(c)) return;
      if (c['type'] === 2) {
        const style = c['style'];
        if (typeof style !== 'number' || style < 1 || style > 6)
          problems.push({
            path: p('style'),
            code: 'BASE_TYPE_CHOICES',
            message: 'Value must be one of {1, 2, 3, 4, 5, 6}.',
          });
        maxLen(problems, p('label'), c['label'], 80);
        if (style === 5) {
          required(problems, p('url'), c['url']);
          if (c['custom_id'] !== undefined)
            problems.push({
              path: p('custom_id'),
              code: 'BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED',
              message: 'A custom id cannot be set for a link button',
            });
        } else if (style !== 6) {
          if (required(problems, p('custom_id'), c['custom_id']))
            maxLen(problems, p('custom_id'), c['custom_id'], 100, 1);
        }
        if (style !== 6 && c['label'] === undefined && c['emoji'] === undefined)
          problems.push({
            path: p('label'),
            code: 'BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED',
            message: 'A label or emoji is required',
          });
      } else if (typeof c['type'] === 'number' && [3, 5, 6, 7, 8].includes(c['type'])) {
        if (required(problems, p('custom_id'), c['custom_id']))
          maxLen(problems, p('custom_id'), c['custom_id'], 100, 1);
        maxLen(problems, p('placeholder'), c['placeholder'], 150);
        if (c['type'] === 3) {
          const options = c['options'];
          if (!Array.isArray(options) || options.length < 1 || options.length > 25)
            problems.push({
              path: p('options'),
              code: 'BASE_TYPE_BAD_LENGTH',
              message: 'Must be between 1 and 25 in length.',
            });
          else
            options.forEach((o, k) => {
              if (!isObj(o)) return;
              if (required(problems, p('options', k, 'label'), o['label']))
                maxLen(problems, p('options', k, 'label'), o['label'], 100);
              if (required(problems, p('options', k, 'value'), o['value']))
                maxLen(problems, p('options', k, 'value'), o['value'], 100);
              maxLen(problems, p('options', k, 'description'), o['description'], 100);
            });
        }
      } else {
        problems.push({
          path: p('type'),
          code: 'UNION_TYPE_CHOICES',
          message: 'Value of field "type" must be one of (2, 3, 5, 6, 7, 8).',
        });
      }
      const cid = c['custom_id'];
      if (typeof cid === 'string') {
        if (customIds.has(cid))
          problems.push({
            path: p('custom_id'),
            code: 'COMPONENT_CUSTOM_ID_DUPLICATED',
            message: 'Component custom id cannot be duplicated',
          });
        customIds.add(cid);
      }
    });
  });
}

/** True when a message with these fields would be empty (Discord refuses those with 50006). */
export function isEmptyMessage(m: Obj): boolean {
  const has = (k: string) => {
    const v = m[k];
    return Array.isArray(v) ? v.length > 0 : typeof v === 'string' ? v.length > 0 : v !== undefined && v !== null;
  };
  return (
    !has('content') &&
    !has('embeds') &&
    !has('components') &&
    !has('attachments') &&
    !has('sticker_ids') &&
    !has('poll')
  );
}

export function validateChoices(choices: unknown): FieldError[] {
  const problems: FieldError[] = [];
  if (!Array.isArray(choices)) {
    problems.push({ path: ['data', 'choices'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
    return problems;
  }
  if (choices.length > 25)
    problems.push({
      path: ['data', 'choices'],
      code: 'BASE_TYPE_MAX_LENGTH',
      message: 'Must be 25 or fewer in length.',
    });
  choices.forEach((c, i) => {
    if (!isObj(c)) return;
    if (required(problems, ['data', 'choices', i, 'name'], c['name']))
      maxLen(problems, ['data', 'choices', i, 'name'], c['name'], 100, 1);
    if (c['value'] === undefined || c['value'] === null)
      problems.push({
        path: ['data', 'choices', i, 'value'],
        code: 'BASE_TYPE_REQUIRED',
        message: 'This field is required',
      });
    else if (typeof c['value'] === 'string') maxLen(problems, ['data', 'choices', i, 'value'], c['value'], 100);
  });
  return problems;
}

// \p{L} \p{N} plus - _ ' and a few scripts, 1–32 chars, as Discord documents for command and option names.
const NAME_RE = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Validates one command definition (the bits Discord enforces that a bot can plausibly get wrong). */
export function validateCommand(cmd: unknown, index: number | null): FieldError[] {
  const problems: FieldError[] = [];
  const base: Array<string | number> = index === null ? [] : [index];
  if (!isObj(cmd)) {
    problems.push({ path: base, code: 'MODEL_TYPE_CONVERT', message: 'Only dictionaries may be used in a ModelType' });
    return problems;
  }
  const type = cmd['type'] ?? 1;
  const name = cmd['name'];
  if (
    typeof name !== 'string' ||
    (type === 1 ? !NAME_RE.test(name) || name !== name.toLowerCase() : name.length < 1 || name.length > 32)
  )
    problems.push({
      path: [...base, 'name'],
      code: 'APPLICATION_COMMAND_INVALID_NAME',
      message: 'Command name is invalid',
    });
  if (type === 1) {
    const d = cmd['description'];
    if (typeof d !== 'string' || d.length < 1 || d.length > 100)
      problems.push({
        path: [...base, 'description'],
        code: 'BASE_TYPE_BAD_LENGTH',
        message: 'Must be between 1 and 100 in length.',
      });
    validateOptions(cmd['options'], [...base, 'options'], 0, problems);
  }
  return problems;
}

function validateOptions(options: unknown, path: Array<string | number>, depth: number, problems: FieldError[]): void {
  if (options === undefined || options === null) return;
  if (!Array.isArray(options)) {
    problems.push({ path, code: 'BASE_TYPE_LIST', message: 'Must be a list.' });
    return;
  }
  if (options.length > 25)
    problems.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
  const names = new Set<string>();
  let seenOptional = false;
  const kinds = new Set<'sub' | 'value'>();
  options.forEach((o, i) => {
    const p = [...path, i];
    if (!isObj(o)) return;
    const t = o['type'];
    const name = o['name'];
    if (typeof name !== 'string' || !NAME_RE.test(name) || name !== name.toLowerCase())
      problems.push({
        path: [...p, 'name'],
        code: 'APPLICATION_COMMAND_INVALID_NAME',
        message: 'Command name is invalid',
      });
    else if (names.has(name))
      problems.push({
        path: [...p, 'name'],
        code: 'APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS',
        message: 'Option name already exists',
      });
    if (typeof name === 'string') names.add(name);
    const d = o['description'];
    if (typeof d !== 'string' || d.length < 1 || d.length > 100)
      problems.push({
        path: [...p, 'description'],
        code: 'BASE_TYPE_BAD_LENGTH',
        message: 'Must be between 1 and 100 in length.',
      });
    if (typeof t !== 'number' || t < 1 || t > 11) {
      problems.push({
        path: [...p, 'type'],
        code: 'BASE_TYPE_CHOICES',
        message: 'Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.',
      });
      return;
    }
    if (t === 1 || t === 2) {
      kinds.add('sub');
      if ((t === 2 && depth > 0) || (t === 1 && depth > 1))
        problems.push({
          path: [...p, 'type'],
          code: 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID',
          message: 'Sub-command and sub-command group option types are mutually exclusive to all other types',
        });
      validateOptions(o['options'], [...p, 'options'], depth + 1, problems);
      return;
    }
    kinds.add('value');
    if (o['required'] === true) {
      if (seenOptional)
        problems.push({
          path: [...p, 'required'],
          code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
          message: 'Required options must be placed before non-required options',
        });
    } else seenOptional = true;
    const choices = o['choices'];
    if (Array.isArray(choices)) {
      if (choices.length > 25)
        problems.push({
          path: [...p, 'choices'],
          code: 'BASE_TYPE_MAX_LENGTH',
          message: 'Must be 25 or fewer in length.',
        });
      if (o['autocomplete'] === true && choices.length > 0)
        problems.push({
          path: [...p, 'autocomplete'],
          code: 'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_WITH_CHOICES',
          message: 'Autocomplete cannot be enabled on an option with choices',
        });
    }
    if (o['autocomplete'] === true && ![3, 4, 10].includes(t))
      problems.push({
        path: [...p, 'autocomplete'],
        code: 'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_INVALID_TYPE',
        message: 'Autocomplete can only be used with string, integer and number options',
      });
  });
  if (kinds.size > 1)
    problems.push({
      path,
      code: 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID',
      message: 'Sub-command and sub-command group option types are mutually exclusive to all other types',
    });
}

function isWebUrl(v: unknown): boolean {
  if (typeof v !== 'string' || v.length > 2048) return false;
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
}

/**
 * allowed_mentions as Discord checks it: `parse` holds only "roles", "users", "everyone"; a
 * kind in `parse` cannot also be listed by id ("mutually exclusive"); at most 100 ids a list.
 */
export function validateAllowedMentions(allowed: unknown, problems: FieldError[]): void {
  if (allowed === undefined || allowed === null) return;
  if (!isObj(allowed)) {
    problems.push({
      path: ['allowed_mentions'],
      code: 'MODEL_TYPE_CONVERT',
      message: 'Only dictionaries may be used in a ModelType',
    });
    return;
  }
  const parse = allowed['parse'];
  const parsed = Array.isArray(parse) ? parse : [];
  parsed.forEach((kind, i) => {
    if (!['roles', 'users', 'everyone'].includes(String(kind)))
      problems.push({
        path: ['allowed_mentions', 'parse', i],
        code: 'BASE_TYPE_CHOICES',
        message: `Value must be one of ('roles', 'users', 'everyone').`,
      });
  });
  for (const kind of ['users', 'roles'] as const) {
    const ids = allowed[kind];
    if (ids === undefined || ids === null) continue;
    if (!Array.isArray(ids)) {
      problems.push({ path: ['allowed_mentions', kind], code: 'BASE_TYPE_LIST', message: 'Must be a list.' });
      continue;
    }
    if (ids.length > 100)
      problems.push({
        path: ['allowed_mentions', kind],
        code: 'BASE_TYPE_MAX_LENGTH',
        message: 'Must be 100 or fewer in length.',
      });
    if (parsed.includes(kind) && ids.length > 0)
      problems.push({
        path: ['allowed_mentions', kind],
        code: 'SET_TYPE_ALREADY_CONTAINS_VALUE',
        message: `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`,
      });
  }
}
