// What a Steam answer says beyond its HTTP status: the Web API's x-eresult, a sign-in page in
// place of the page asked for, and a JSON body checked against its schema.
import type { z } from 'zod';
import type { Logger } from '../logger.js';
import { EResult } from './enums.js';
import { SteamEResultError, SteamShapeError } from './errors.js';
import type { SteamRequest, SteamResponse } from './request.js';

/**
 * Web API answers carry their EResult in `x-eresult` (docs/steam.md#x-eresult): anything but 1 is a failed
 * call, even with HTTP 200 and a body like `{"response":{}}` that would otherwise read as "no offers".
 * Steam also sends a false 2 (Fail) on answers that worked; like tradeoffer-manager, a 2 with content
 * is taken as OK. No header at all (older endpoints, redirects handed back) says nothing either way.
 */
export function checkWebApiEResult(req: Pick<SteamRequest, 'host' | 'binary'>, res: SteamResponse): SteamResponse {
  // Protobuf answers (IAuthenticationService) are read with their x-eresult by their caller.
  if (req.host !== 'webapi' || req.binary || res.status >= 300) return res;
  const header = res.headers['x-eresult'];
  if (header === undefined) return res;
  const eresult = Number(Array.isArray(header) ? header[0] : header);
  if (eresult === EResult.OK) return res;
  if (eresult === EResult.Fail && hasContent(res.text)) return res;
  throw new SteamEResultError(res.endpoint, Number.isInteger(eresult) ? eresult : EResult.Fail, '');
}

/** tradeoffer-manager's test for a real answer behind a false Fail: more than one key, or a non-empty response. */
function hasContent(text: string): boolean {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return false;
  }
  if (typeof body !== 'object' || body === null) return false;
  const response = (body as { response?: unknown }).response;
  return (
    Object.keys(body).length > 1 ||
    (typeof response === 'object' && response !== null && Object.keys(response).length > 0)
  );
}

export function looksLikeSignInPage(res: SteamResponse): boolean {
  const type = String(res.headers['content-type'] ?? '');
  if (!type.includes('html')) return false;
  return /g_steamID = false;|<title>Sign In<\/title>/.test(res.text);
}

/** JSON.parse + zod; anything else becomes a SteamShapeError that is logged once, here. */
export function parseJson<S extends z.ZodType>(response: SteamResponse, schema: S, logger: Logger): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(response.text);
  } catch {
    const error = new SteamShapeError(response.endpoint, `not JSON (HTTP ${response.status})`);
    logger.warn(
      { endpoint: response.endpoint, status: response.status, problem: error.describeIssues() },
      error.message,
    );
    throw error;
  }
  return checkJson(response, json, schema, logger);
}

/** zod over an answer's JSON already parsed; a mismatch becomes a SteamShapeError that is logged once, here. */
export function checkJson<S extends z.ZodType>(
  response: SteamResponse,
  json: unknown,
  schema: S,
  logger: Logger,
): z.infer<S> {
  const result = schema.safeParse(json);
  if (!result.success) {
    const error = new SteamShapeError(response.endpoint, result.error.issues);
    logger.warn(
      { endpoint: response.endpoint, status: response.status, problem: error.describeIssues() },
      error.message,
    );
    throw error;
  }
  return result.data;
}
