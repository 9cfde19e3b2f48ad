// api.steampowered.com/IAuthenticationService (docs/steam.md#sessions): the calls the Steam mobile app makes to
// sign in and to renew its tokens, over protobuf (`input_protobuf_encoded`, base64; multipart POST or GET query)
// with the EResult in `x-eresult`. Message layouts are Steam's, from steammessages_auth.steamclient.proto as
// DoctorMcKay/node-steam-session ships it; the flow follows steam-session's AuthenticationClient/LoginSession.
// Described here on their own (not imported from src/) so a wrong field number in the bot shows up as a failure.
import {
  constants,
  generateKeyPairSync,
  privateDecrypt,
  randomBytes,
  createHmac,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import protobuf from 'protobufjs/light.js';
import type { Deps } from './deps.js';
import type { Ctx, Reply } from './server.js';

const root = protobuf.Root.fromJSON({
  nested: {
    RsaReq: { fields: { account_name: { type: 'string', id: 1 } } },
    RsaRes: {
      fields: {
        publickey_mod: { type: 'string', id: 1 },
        publickey_exp: { type: 'string', id: 2 },
        timestamp: { type: 'uint64', id: 3 },
      },
    },
    DeviceDetails: {
      fields: {
        device_friendly_name: { type: 'string', id: 1 },
        platform_type: { type: 'int32', id: 2 },
        os_type: { type: 'int32', id: 3 },
        gaming_device_type: { type: 'uint32', id: 4 },
      },
    },
    BeginReq: {
      fields: {
        device_friendly_name: { type: 'string', id: 1 },
        account_name: { type: 'string', id: 2 },
        encrypted_password: { type: 'string', id: 3 },
        encryption_timestamp: { type: 'uint64', id: 4 },
        platform_type: { type: 'int32', id: 6 },
        persistence: { type: 'int32', id: 7 },
        website_id: { type: 'string', id: 8 },
        device_details: { type: 'DeviceDetails', id: 9 },
      },
    },
    Allowed: { fields: { confirmation_type: { type: 'int32', id: 1 }, associated_message: { type: 'string', id: 2 } } },
    BeginRes: {
      fields: {
        client_id: { type: 'uint64', id: 1 },
        request_id: { type: 'bytes', id: 2 },
        interval: { type: 'float', id: 3 },
        allowed_confirmations: { rule: 'repeated', type: 'Allowed', id: 4 },
        steamid: { type: 'uint64', id: 5 },
      },
    },
    CodeReq: {
      fields: {
        client_id: { type: 'uint64', id: 1 },
        steamid: { type: 'fixed64', id: 2 },
        code: { type: 'string', id: 3 },
        code_type: { type: 'int32', id: 4 },
      },
    },
    PollReq: { fields: { client_id: { type: 'uint64', id: 1 }, request_id: { type: 'bytes', id: 2 } } },
    PollRes: {
      fields: {
        refresh_token: { type: 'string', id: 3 },
        access_token: { type: 'string', id: 4 },
        had_remote_interaction: { type: 'bool', id: 5 },
        account_name: { type: 'string', id: 6 },
      },
    },
    GenReq: {
      fields: {
        refresh_token: { type: 'string', id: 1 },
        steamid: { type: 'fixed64', id: 2 },
        renewal_type: { type: 'int32', id: 3 },
      },
    },
    GenRes: { fields: { access_token: { type: 'string', id: 1 }, refresh_token: { type: 'string', id: 2 } } },
  },
});

type Obj = Record<string, unknown>;
const decode = (type: string, bytes: Buffer): Obj =>
  root.lookupType(type).toObject(root.lookupType(type).decode(bytes), { longs: String, bytes: Buffer }) as Obj;
const encode = (type: string, value: Obj): Buffer => {
  const t = root.lookupType(type);
  return Buffer.from(t.encode(t.fromObject(value)).finish());
};

const EResult = {
  OK: 1,
  InvalidPassword: 5,
  InvalidParam: 8,
  AccessDenied: 15,
  FileNotFound: 9,
  InvalidLoginAuthCode: 65,
  RateLimitExceeded: 84,
  TwoFactorCodeMismatch: 88,
} as const;
const Guard = { None: 1, EmailCode: 2, DeviceCode: 3, DeviceConfirmation: 4 } as const;
const MOBILE_APP = 3;

/** How the account signs in and how Steam treats its tokens; tests change these while running. */
export interface AuthOptions {
  accountName: string;
  password: string;
  /** base64 shared_secret of the account's mobile authenticator (steam-totp format). */
  sharedSecret: string;
  /** 'deviceCode': an authenticator (code or app approval); 'emailCode': none, codes by email; 'none': no Steam Guard. */
  guard: 'deviceCode' | 'emailCode' | 'deviceConfirmation' | 'none';
  /** The code Steam "emailed". */
  emailCode: string;
  accessTokenLifetimeSeconds: number;
  refreshTokenLifetimeSeconds: number;
  /**
   * Whether GenerateAccessTokenForApp with renewal_type 1 issues a new refresh token (retiring the old one).
   * Steam decides this itself (steam-session README); the worst plausible case — every time — is the default.
   */
  renewRefreshTokens: boolean;
  /** Seconds between polls that BeginAuthSessionViaCredentials asks for (Steam says 5; tests use less). */
  pollIntervalSeconds: number;
}

export interface AuthControl {
  options: AuthOptions;
  /** A MobileApp refresh token for the bot account, as `npm run login` would have obtained it. */
  issueRefreshToken(opts?: { lifetimeSeconds?: number }): string;
  /** Every refresh token issued so far stops working (the account's owner revoked the sessions). */
  revokeRefreshTokens(): void;
  /** Approves a pending sign-in in the "mobile app" (guard 'deviceConfirmation'). */
  approveSignIn(): void;
  /** Counts: access tokens from GenerateAccessTokenForApp, refresh tokens handed out (sign-in + renewal). */
  issued: { accessTokens: number; refreshTokens: number; signIns: number };
  /** Steam's TOTP code for the account at a unix time (what the Steam Guard app shows). */
  codeAt(unixSeconds: number): string;
}

interface PendingSession {
  clientId: string;
  requestId: Buffer;
  steamid: string;
  allowed: number[];
  authorized: boolean;
  done: boolean;
}

const reply = (eresult: number, body: Buffer = Buffer.alloc(0), message?: string): Reply => ({
  status: 200,
  headers: {
    'content-type': 'application/octet-stream',
    'x-eresult': String(eresult),
    ...(message ? { 'x-error_message': message } : {}),
  },
  body,
});

/** Steam's TOTP: HMAC-SHA1 over the 30-second step, 5 characters from Steam's alphabet (steam-totp). */
export function steamGuardCode(sharedSecret: string, unixSeconds: number): string {
  const step = Buffer.alloc(8);
  step.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
  const hmac = createHmac('sha1', Buffer.from(sharedSecret, 'base64')).update(step).digest();
  const offset = hmac[19]! & 0x0f;
  let value = hmac.readUInt32BE(offset) & 0x7fffffff;
  const alphabet = '23456789BCDFGHJKMNPQRTVWXY';
  let code = '';
  for (let i = 0; i < 5; i += 1) {
    code += alphabet[value % alphabet.length];
    value = Math.floor(value / alphabet.length);
  }
  return code;
}

/** PKCS#1 v1.5 type 2 unpadding by hand: Node refuses RSA_PKCS1_PADDING for private decryption (CVE-2023-46809). */
function decryptPkcs1(privateKey: KeyObject, encrypted: Buffer): string | null {
  let raw: Buffer;
  try {
    raw = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, encrypted);
  } catch {
    return null;
  }
  if (raw[0] !== 0 || raw[1] !== 2) return null;
  const end = raw.indexOf(0, 2);
  if (end < 10) return null;
  return raw.subarray(end + 1).toString('utf8');
}

/**
 * The RSA key passwords are encrypted with. Making a 2048-bit key takes 100–300 ms and most
 * stand-ins never sign in, so it is made when first asked for and shared by every stand-in of
 * the process, as Steam keeps one key for a while (its timestamp names it).
 */
let sharedPasswordKey: { privateKey: KeyObject; jwk: JsonWebKey } | undefined;
function passwordKey(): { privateKey: KeyObject; jwk: JsonWebKey } {
  if (!sharedPasswordKey) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    sharedPasswordKey = { privateKey, jwk: publicKey.export({ format: 'jwk' }) };
  }
  return sharedPasswordKey;
}

export function createAuthService(deps: Deps): { handle: (ctx: Ctx) => Reply | null; control: AuthControl } {
  const { world, issuer } = deps;
  const steamid = deps.bot.steamid;
  const keyTimestamp = String(BigInt(world.now()) * 1_000_000n);
  const refreshIssued: string[] = [];
  const sessions = new Map<string, PendingSession>();

  const options: AuthOptions = {
    accountName: 'tradedeskbot',
    password: `pw-${randomBytes(6).toString('hex')}`,
    sharedSecret: randomBytes(20).toString('base64'),
    guard: 'deviceCode',
    emailCode: 'F7K2Q',
    accessTokenLifetimeSeconds: 24 * 3600,
    refreshTokenLifetimeSeconds: 200 * 86400,
    renewRefreshTokens: true,
    pollIntervalSeconds: 5,
  };
  const issued = { accessTokens: 0, refreshTokens: 0, signIns: 0 };
  const serverNow = () => world.now() + world.options.serverTimeOffsetSeconds;

  const newRefreshToken = (lifetimeSeconds = options.refreshTokenLifetimeSeconds): string => {
    const now = world.now();
    const token = issuer.issue(now, now + lifetimeSeconds, ['web', 'mobile', 'renew', 'derive']);
    refreshIssued.push(token);
    issued.refreshTokens += 1;
    return token;
  };
  const newAccessToken = (): string => {
    const now = world.now();
    return issuer.issue(now, now + options.accessTokenLifetimeSeconds, ['web', 'mobile']);
  };

  const requestBody = (ctx: Ctx, type: string): Obj | null => {
    // Multipart or urlencoded POST (the Hub parses only the latter), or the GET query.
    let encoded: string | undefined = ctx.query.input_protobuf_encoded;
    if (ctx.method === 'POST') {
      const form = ctx.form?.input_protobuf_encoded;
      encoded = typeof form === 'string' ? form : multipartField(ctx, 'input_protobuf_encoded');
    }
    if (encoded === undefined) return null;
    try {
      return decode(type, Buffer.from(encoded, 'base64'));
    } catch {
      return null;
    }
  };

  const methods: Record<string, { http: 'GET' | 'POST'; run: (ctx: Ctx) => Reply }> = {
    getpasswordrsapublickey: {
      http: 'GET',
      run(ctx) {
        const req = requestBody(ctx, 'RsaReq');
        if (!req?.account_name) return reply(EResult.InvalidParam);
        return reply(
          EResult.OK,
          encode('RsaRes', {
            publickey_mod: Buffer.from(passwordKey().jwk.n!, 'base64url').toString('hex'),
            publickey_exp: Buffer.from(passwordKey().jwk.e!, 'base64url').toString('hex'),
            timestamp: keyTimestamp,
          }),
        );
      },
    },
    beginauthsessionviacredentials: {
      http: 'POST',
      run(ctx) {
        const req = requestBody(ctx, 'BeginReq');
        if (!req) return reply(EResult.InvalidParam);
        if (req.encryption_timestamp !== keyTimestamp) return reply(EResult.InvalidParam);
        const password = decryptPkcs1(
          passwordKey().privateKey,
          Buffer.from(String(req.encrypted_password ?? ''), 'base64'),
        );
        // Steam answers an unknown account and a wrong password alike.
        if (req.account_name !== options.accountName || password !== options.password) {
          return reply(EResult.InvalidPassword);
        }
        // Only MobileApp sign-ins make renewable tokens; the bot must say it is the app.
        if (req.platform_type !== MOBILE_APP || req.website_id !== 'Mobile') return reply(EResult.InvalidParam);
        const allowed =
          options.guard === 'deviceCode'
            ? [Guard.DeviceConfirmation, Guard.DeviceCode]
            : options.guard === 'deviceConfirmation'
              ? [Guard.DeviceConfirmation]
              : options.guard === 'emailCode'
                ? [Guard.EmailCode]
                : [Guard.None];
        const session: PendingSession = {
          clientId: BigInt(`0x${randomBytes(7).toString('hex')}`).toString(),
          requestId: randomBytes(16),
          steamid,
          allowed,
          authorized: options.guard === 'none',
          done: false,
        };
        sessions.set(session.clientId, session);
        return reply(
          EResult.OK,
          encode('BeginRes', {
            client_id: session.clientId,
            request_id: session.requestId,
            interval: options.pollIntervalSeconds,
            allowed_confirmations: allowed.map((type) => ({
              confirmation_type: type,
              ...(type === Guard.EmailCode ? { associated_message: 'example.com' } : {}),
            })),
            steamid,
          }),
        );
      },
    },
    updateauthsessionwithsteamguardcode: {
      http: 'POST',
      run(ctx) {
        const req = requestBody(ctx, 'CodeReq');
        const session = req ? sessions.get(String(req.client_id)) : undefined;
        if (!req || !session || req.steamid !== session.steamid) return reply(EResult.FileNotFound);
        const type = Number(req.code_type);
        if (!session.allowed.includes(type)) return reply(EResult.InvalidParam);
        const code = String(req.code ?? '').toUpperCase();
        if (type === Guard.DeviceCode) {
          // Steam accepts the code of the current 30-second window and of the one next to it.
          const t = serverNow();
          const ok = [t - 30, t, t + 30].some((at) => steamGuardCode(options.sharedSecret, at) === code);
          if (!ok) return reply(EResult.TwoFactorCodeMismatch);
        } else if (code !== options.emailCode) {
          return reply(EResult.InvalidLoginAuthCode);
        }
        session.authorized = true;
        return reply(EResult.OK);
      },
    },
    pollauthsessionstatus: {
      http: 'POST',
      run(ctx) {
        const req = requestBody(ctx, 'PollReq');
        const session = req ? sessions.get(String(req.client_id)) : undefined;
        if (!req || !session || !Buffer.from(req.request_id as Buffer).equals(session.requestId)) {
          return reply(EResult.FileNotFound);
        }
        // Once the tokens are handed out the auth session is gone.
        if (session.done) return reply(EResult.FileNotFound);
        if (!session.authorized) return reply(EResult.OK, encode('PollRes', {}));
        session.done = true;
        sessions.delete(session.clientId);
        issued.signIns += 1;
        return reply(
          EResult.OK,
          encode('PollRes', {
            refresh_token: newRefreshToken(),
            access_token: newAccessToken(),
            had_remote_interaction: options.guard === 'deviceConfirmation',
            account_name: options.accountName,
          }),
        );
      },
    },
    generateaccesstokenforapp: {
      http: 'POST',
      run(ctx) {
        const req = requestBody(ctx, 'GenReq');
        if (!req?.refresh_token) return reply(EResult.InvalidParam);
        const token = String(req.refresh_token);
        const claims = issuer.checkRefresh(token, world.now());
        // ASSUMPTION: a revoked, retired or expired refresh token (or another account's) is AccessDenied (15).
        if (!claims || claims.sub !== String(req.steamid)) return reply(EResult.AccessDenied);
        issued.accessTokens += 1;
        const body: Obj = { access_token: newAccessToken() };
        if (Number(req.renewal_type) === 1 && options.renewRefreshTokens) {
          body.refresh_token = newRefreshToken();
          issuer.retire(token);
        }
        return reply(EResult.OK, encode('GenRes', body));
      },
    },
  };

  return {
    handle(ctx) {
      const match = /^\/iauthenticationservice\/([a-z]+)\/v0*1\/?$/i.exec(ctx.path);
      if (!match) return null;
      const method = methods[match[1]!.toLowerCase()];
      if (!method) return { status: 404, headers: { 'content-type': 'text/html' }, body: '<html>Not Found</html>' };
      if (ctx.method !== method.http) {
        return { status: 405, headers: { 'content-type': 'text/html' }, body: '<html>Method Not Allowed</html>' };
      }
      return method.run(ctx);
    },
    control: {
      options,
      issueRefreshToken: (opts = {}) => newRefreshToken(opts.lifetimeSeconds),
      revokeRefreshTokens: () => {
        for (const token of refreshIssued) issuer.retire(token);
      },
      approveSignIn: () => {
        for (const session of sessions.values()) session.authorized = true;
      },
      issued,
      codeAt: (unixSeconds) => steamGuardCode(options.sharedSecret, unixSeconds),
    },
  };
}

/** One text field of a multipart/form-data body. */
function multipartField(ctx: Ctx, name: string): string | undefined {
  const type = String(ctx.headers['content-type'] ?? '');
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(type);
  if (!boundary) return undefined;
  const marker = `--${boundary[1] ?? boundary[2]}`;
  for (const part of ctx.body.split(marker)) {
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) continue;
    const headers = part.slice(0, headerEnd);
    if (!new RegExp(`name="${name}"`, 'i').test(headers)) continue;
    return part.slice(headerEnd + 4).replace(/\r\n$/, '');
  }
  return undefined;
}
