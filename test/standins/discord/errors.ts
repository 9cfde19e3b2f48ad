/** An error answered with Discord's JSON error shape: `{ message, code }` (+ `errors` for form errors). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: Record<string, unknown>,
  ) {
    super(message);
  }

  get body(): Record<string, unknown> {
    return this.errors
      ? { message: this.message, code: this.code, errors: this.errors }
      : { message: this.message, code: this.code };
  }
}

export const Errors = {
  unauthorized: () => new ApiError(401, 0, '401: Unauthorized'),
  notFound: () => new ApiError(404, 0, '404: Not Found'),
  methodNotAllowed: () => new ApiError(405, 0, '405: Method Not Allowed'),
  unknownApplication: () => new ApiError(404, 10002, 'Unknown Application'),
  unknownChannel: () => new ApiError(404, 10003, 'Unknown Channel'),
  unknownGuild: () => new ApiError(404, 10004, 'Unknown Guild'),
  unknownMember: () => new ApiError(404, 10007, 'Unknown Member'),
  unknownMessage: () => new ApiError(404, 10008, 'Unknown Message'),
  unknownRole: () => new ApiError(404, 10011, 'Unknown Role'),
  unknownUser: () => new ApiError(404, 10013, 'Unknown User'),
  unknownWebhook: () => new ApiError(404, 10015, 'Unknown Webhook'),
  unknownInteraction: () => new ApiError(404, 10062, 'Unknown interaction'),
  unknownCommand: () => new ApiError(404, 10063, 'Unknown application command'),
  alreadyAcknowledged: () => new ApiError(400, 40060, 'Interaction has already been acknowledged.'),
  missingAccess: () => new ApiError(403, 50001, 'Missing Access'),
  cannotEditOthers: () => new ApiError(403, 50005, 'Cannot edit a message authored by another user'),
  emptyMessage: () => new ApiError(400, 50006, 'Cannot send an empty message'),
  missingPermissions: () => new ApiError(403, 50013, 'Missing Permissions'),
  invalidWebhookToken: () => new ApiError(401, 50027, 'Invalid Webhook Token'),
  badRequest: (message: string) => new ApiError(400, 0, message),
};

/** One field problem, as Discord reports it inside `errors`. */
export interface FieldError {
  path: Array<string | number>;
  code: string;
  message: string;
}

/** 400 Invalid Form Body (50035) with Discord's nested `errors` object (`{ a: { 0: { b: { _errors: [...] } } } }`). */
export function invalidFormBody(problems: FieldError[]): ApiError {
  const errors: Record<string, unknown> = {};
  for (const p of problems) {
    let node = errors;
    for (const key of p.path) {
      const k = String(key);
      const next = (node[k] as Record<string, unknown> | undefined) ?? {};
      node[k] = next;
      node = next;
    }
    const list = (node['_errors'] as Array<{ code: string; message: string }> | undefined) ?? [];
    list.push({ code: p.code, message: p.message });
    node['_errors'] = list;
  }
  return new ApiError(400, 50035, 'Invalid Form Body', errors);
}
