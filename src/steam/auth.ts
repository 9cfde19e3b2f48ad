// IAuthenticationService over the Web API (docs/steam.md#iauthenticationservice-transport), sent the way the Steam mobile app
// sends it (node-steam-session's MobileApp platform data): protobuf, base64-encoded in
// `input_protobuf_encoded` (multipart POST, or the query of the one GET), the EResult in `x-eresult`.
// Every call goes through SteamHttp, so STEAM_WEB_API_URL, the scheduler and the 429 waits apply.
import { constants, createPublicKey, publicEncrypt } from 'node:crypto';
import {
  decodeAuthMessage,
  encodeAuthMessage,
  EAuthTokenPlatformType,
  ESessionPersistence,
  ETokenRenewalType,
  OS_TYPE_ANDROID_UNKNOWN,
  type AuthMessageName,
  type AuthMessages,
} from './authMessages.js';
import { eresultName } from './enums.js';
import { SteamError, SteamShapeError } from './errors.js';
import type { SteamHttp } from './http.js';

/** Steam answered an IAuthenticationService call with an EResult other than OK. */
export class SteamAuthError extends SteamError {
  override readonly name = 'SteamAuthError';
  constructor(
    readonly endpoint: string,
    readonly eresult: number,
    /** Steam's `x-error_message`, when it sent one (never contains credentials). */
    readonly steamMessage: string | null,
  ) {
    super(`Steam refused ${endpoint.split('/').at(-2) ?? endpoint} (${eresultName(eresult)}, ${eresult})`);
  }
}

// What the Steam mobile app sends (node-steam-session AuthenticationClient, MobileApp).
const MOBILE_HEADERS = {
  'user-agent': 'okhttp/4.9.2',
  cookie: 'mobileClient=android; mobileClientVersion=777777 3.10.3',
  accept: 'application/json, text/plain, */*',
};
const DEVICE_NAME = 'Galaxy S25';
/** EGamingDeviceType of the mobile app (its meaning is unknown; steam-session sends the same). */
const GAMING_DEVICE_TYPE = 528;

export interface RsaKey {
  modulusHex: string;
  exponentHex: string;
  timestamp: string;
}

export interface AuthSessionStart {
  clientId: string;
  requestId: Buffer;
  /** Seconds between two polls, as Steam asks. */
  intervalSeconds: number;
  /** EAuthSessionGuardType values Steam will accept, with Steam's hint (e.g. the email domain). */
  allowedConfirmations: Array<{ type: number; message: string | null }>;
  steamid: string;
}

export interface AuthTokens {
  refreshToken: string;
  accessToken: string | null;
  accountName: string | null;
}

export class AuthenticationService {
  constructor(private readonly http: SteamHttp) {}

  private async call<Req extends AuthMessageName, Res extends AuthMessageName>(
    method: string,
    request: Req,
    value: AuthMessages[Req],
    response: Res,
    httpMethod: 'GET' | 'POST' = 'POST',
  ): Promise<AuthMessages[Res]> {
    const encoded = encodeAuthMessage(request, value).toString('base64');
    const res = await this.http.send({
      host: 'webapi',
      method: httpMethod,
      path: `/IAuthenticationService/${method}/v1/`,
      auth: 'none',
      headers: MOBILE_HEADERS,
      binary: true,
      ...(httpMethod === 'GET'
        ? // The mobile app adds origin=SteamMobile to its GETs (steam-session 1.9.4).
          { query: { input_protobuf_encoded: encoded, origin: 'SteamMobile' } }
        : { multipart: { input_protobuf_encoded: encoded } }),
    });
    const eresult = Number(res.headers['x-eresult'] ?? NaN);
    if (eresult !== 1) {
      if (!Number.isInteger(eresult)) throw new SteamShapeError(res.endpoint, 'no x-eresult header');
      const message = res.headers['x-error_message'];
      throw new SteamAuthError(res.endpoint, eresult, typeof message === 'string' && message ? message : null);
    }
    try {
      return decodeAuthMessage(response, res.body ?? Buffer.alloc(0));
    } catch {
      throw new SteamShapeError(res.endpoint, `the answer is not a ${response} message`);
    }
  }

  async getPasswordRsaPublicKey(accountName: string): Promise<RsaKey> {
    const key = await this.call(
      'GetPasswordRSAPublicKey',
      'GetPasswordRSAPublicKey_Request',
      { account_name: accountName },
      'GetPasswordRSAPublicKey_Response',
      'GET',
    );
    if (!key.publickey_mod || !key.publickey_exp || !key.timestamp) {
      throw new SteamShapeError('IAuthenticationService/GetPasswordRSAPublicKey', 'no public key in the answer');
    }
    return { modulusHex: key.publickey_mod, exponentHex: key.publickey_exp, timestamp: key.timestamp };
  }

  async beginAuthSessionViaCredentials(accountName: string, password: string): Promise<AuthSessionStart> {
    const key = await this.getPasswordRsaPublicKey(accountName);
    const started = await this.call(
      'BeginAuthSessionViaCredentials',
      'BeginAuthSessionViaCredentials_Request',
      {
        device_friendly_name: DEVICE_NAME,
        account_name: accountName,
        encrypted_password: encryptPassword(password, key),
        encryption_timestamp: key.timestamp,
        remember_login: true,
        platform_type: EAuthTokenPlatformType.MobileApp,
        persistence: ESessionPersistence.Persistent,
        website_id: 'Mobile',
        device_details: {
          device_friendly_name: DEVICE_NAME,
          platform_type: EAuthTokenPlatformType.MobileApp,
          os_type: OS_TYPE_ANDROID_UNKNOWN,
          gaming_device_type: GAMING_DEVICE_TYPE,
        },
      },
      'BeginAuthSessionViaCredentials_Response',
    );
    if (!started.client_id || !started.request_id || !started.steamid) {
      throw new SteamShapeError('IAuthenticationService/BeginAuthSessionViaCredentials', 'no client_id in the answer');
    }
    return {
      clientId: started.client_id,
      requestId: started.request_id,
      intervalSeconds: started.interval && started.interval > 0 ? started.interval : 5,
      allowedConfirmations: (started.allowed_confirmations ?? []).map((c) => ({
        type: c.confirmation_type ?? 0,
        message: c.associated_message || null,
      })),
      steamid: started.steamid,
    };
  }

  async updateAuthSessionWithSteamGuardCode(session: AuthSessionStart, code: string, codeType: number): Promise<void> {
    await this.call(
      'UpdateAuthSessionWithSteamGuardCode',
      'UpdateAuthSessionWithSteamGuardCode_Request',
      { client_id: session.clientId, steamid: session.steamid, code, code_type: codeType },
      'UpdateAuthSessionWithSteamGuardCode_Response',
    );
  }

  /** null while Steam is still waiting (for a code or a confirmation in the app). */
  async pollAuthSessionStatus(session: AuthSessionStart): Promise<AuthTokens | null> {
    const polled = await this.call(
      'PollAuthSessionStatus',
      'PollAuthSessionStatus_Request',
      { client_id: session.clientId, request_id: session.requestId },
      'PollAuthSessionStatus_Response',
    );
    if (polled.new_client_id) session.clientId = polled.new_client_id;
    if (!polled.refresh_token) return null;
    return {
      refreshToken: polled.refresh_token,
      accessToken: polled.access_token || null,
      accountName: polled.account_name || null,
    };
  }

  /**
   * A new access token from a MobileApp refresh token (docs/steam.md#renewing-tokens). With `renew`, Steam may also hand back
   * a new refresh token — and the one sent stops working at once.
   */
  async generateAccessTokenForApp(
    refreshToken: string,
    steamid: string,
    renew: boolean,
  ): Promise<{ accessToken: string; refreshToken: string | null }> {
    const generated = await this.call(
      'GenerateAccessTokenForApp',
      'GenerateAccessTokenForApp_Request',
      {
        refresh_token: refreshToken,
        steamid,
        renewal_type: renew ? ETokenRenewalType.Allow : ETokenRenewalType.None,
      },
      'GenerateAccessTokenForApp_Response',
    );
    if (!generated.access_token) {
      throw new SteamShapeError('IAuthenticationService/GenerateAccessTokenForApp', 'no access_token in the answer');
    }
    return { accessToken: generated.access_token, refreshToken: generated.refresh_token || null };
  }
}

/** RSA PKCS#1 v1.5 with Steam's per-account key, base64 (what the login page and steam-session do). */
export function encryptPassword(password: string, key: RsaKey): string {
  const publicKey = createPublicKey({
    key: { kty: 'RSA', n: hexToBase64Url(key.modulusHex), e: hexToBase64Url(key.exponentHex) },
    format: 'jwk',
  });
  const encrypted = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(password));
  return encrypted.toString('base64');
}

function hexToBase64Url(hex: string): string {
  const even = hex.length % 2 === 0 ? hex : `0${hex}`;
  return Buffer.from(even, 'hex').toString('base64url');
}
