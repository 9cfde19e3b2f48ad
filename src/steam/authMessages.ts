// The IAuthenticationService messages tradedesk sends and reads (docs/steam.md#renewing-tokens, #signing-in), with
// Steam's field numbers from steammessages_auth.steamclient.proto (as node-steam-session ships it).
// Only these few messages are described, through protobufjs's reflection (the light build: no .proto
// parser is loaded), so the wire format is the library's, not ours.
import protobuf from 'protobufjs/light.js';

/** EAuthTokenPlatformType: only MobileApp tokens can still be renewed over the Web API (docs/steam.md#token-kinds). */
export const EAuthTokenPlatformType = { SteamClient: 1, WebBrowser: 2, MobileApp: 3 } as const;
/** EAuthSessionGuardType. */
export const EAuthSessionGuardType = {
  Unknown: 0,
  None: 1,
  EmailCode: 2,
  DeviceCode: 3,
  DeviceConfirmation: 4,
  EmailConfirmation: 5,
  MachineToken: 6,
  LegacyMachineAuth: 7,
} as const;
export const ETokenRenewalType = { None: 0, Allow: 1 } as const;
export const ESessionPersistence = { Ephemeral: 0, Persistent: 1 } as const;
/** EOSType.AndroidUnknown, what the Steam mobile app reports (steam-session). */
export const OS_TYPE_ANDROID_UNKNOWN = -500;

const root = protobuf.Root.fromJSON({
  nested: {
    GetPasswordRSAPublicKey_Request: { fields: { account_name: { type: 'string', id: 1 } } },
    GetPasswordRSAPublicKey_Response: {
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
    BeginAuthSessionViaCredentials_Request: {
      fields: {
        device_friendly_name: { type: 'string', id: 1 },
        account_name: { type: 'string', id: 2 },
        encrypted_password: { type: 'string', id: 3 },
        encryption_timestamp: { type: 'uint64', id: 4 },
        remember_login: { type: 'bool', id: 5 },
        platform_type: { type: 'int32', id: 6 },
        persistence: { type: 'int32', id: 7 },
        website_id: { type: 'string', id: 8 },
        device_details: { type: 'DeviceDetails', id: 9 },
        guard_data: { type: 'string', id: 10 },
      },
    },
    AllowedConfirmation: {
      fields: {
        confirmation_type: { type: 'int32', id: 1 },
        associated_message: { type: 'string', id: 2 },
      },
    },
    BeginAuthSessionViaCredentials_Response: {
      fields: {
        client_id: { type: 'uint64', id: 1 },
        request_id: { type: 'bytes', id: 2 },
        interval: { type: 'float', id: 3 },
        allowed_confirmations: { rule: 'repeated', type: 'AllowedConfirmation', id: 4 },
        steamid: { type: 'uint64', id: 5 },
        weak_token: { type: 'string', id: 6 },
        extended_error_message: { type: 'string', id: 8 },
      },
    },
    UpdateAuthSessionWithSteamGuardCode_Request: {
      fields: {
        client_id: { type: 'uint64', id: 1 },
        steamid: { type: 'fixed64', id: 2 },
        code: { type: 'string', id: 3 },
        code_type: { type: 'int32', id: 4 },
      },
    },
    UpdateAuthSessionWithSteamGuardCode_Response: { fields: {} },
    PollAuthSessionStatus_Request: {
      fields: {
        client_id: { type: 'uint64', id: 1 },
        request_id: { type: 'bytes', id: 2 },
      },
    },
    PollAuthSessionStatus_Response: {
      fields: {
        new_client_id: { type: 'uint64', id: 1 },
        new_challenge_url: { type: 'string', id: 2 },
        refresh_token: { type: 'string', id: 3 },
        access_token: { type: 'string', id: 4 },
        had_remote_interaction: { type: 'bool', id: 5 },
        account_name: { type: 'string', id: 6 },
        new_guard_data: { type: 'string', id: 7 },
      },
    },
    GenerateAccessTokenForApp_Request: {
      fields: {
        refresh_token: { type: 'string', id: 1 },
        steamid: { type: 'fixed64', id: 2 },
        renewal_type: { type: 'int32', id: 3 },
      },
    },
    GenerateAccessTokenForApp_Response: {
      fields: {
        access_token: { type: 'string', id: 1 },
        refresh_token: { type: 'string', id: 2 },
      },
    },
  },
});

/** 64-bit ids travel as decimal strings (never JS numbers), bytes as Buffers. */
export interface AuthMessages {
  GetPasswordRSAPublicKey_Request: { account_name: string };
  GetPasswordRSAPublicKey_Response: { publickey_mod?: string; publickey_exp?: string; timestamp?: string };
  BeginAuthSessionViaCredentials_Request: {
    device_friendly_name: string;
    account_name: string;
    encrypted_password: string;
    encryption_timestamp: string;
    remember_login?: boolean;
    platform_type: number;
    persistence: number;
    website_id: string;
    device_details: {
      device_friendly_name: string;
      platform_type: number;
      os_type: number;
      gaming_device_type: number;
    };
    guard_data?: string;
  };
  BeginAuthSessionViaCredentials_Response: {
    client_id?: string;
    request_id?: Buffer;
    interval?: number;
    allowed_confirmations?: Array<{ confirmation_type?: number; associated_message?: string }>;
    steamid?: string;
    weak_token?: string;
    extended_error_message?: string;
  };
  UpdateAuthSessionWithSteamGuardCode_Request: { client_id: string; steamid: string; code: string; code_type: number };
  UpdateAuthSessionWithSteamGuardCode_Response: Record<string, never>;
  PollAuthSessionStatus_Request: { client_id: string; request_id: Buffer };
  PollAuthSessionStatus_Response: {
    new_client_id?: string;
    new_challenge_url?: string;
    refresh_token?: string;
    access_token?: string;
    had_remote_interaction?: boolean;
    account_name?: string;
    new_guard_data?: string;
  };
  GenerateAccessTokenForApp_Request: { refresh_token: string; steamid: string; renewal_type: number };
  GenerateAccessTokenForApp_Response: { access_token?: string; refresh_token?: string };
}

export type AuthMessageName = keyof AuthMessages;

export function encodeAuthMessage<N extends AuthMessageName>(name: N, value: AuthMessages[N]): Buffer {
  const type = root.lookupType(name);
  // fromObject, not verify(): verify refuses 64-bit ids given as decimal strings, fromObject converts them.
  return Buffer.from(type.encode(type.fromObject(value)).finish());
}

/** Throws protobufjs's decoding error on a body that is not this message. */
export function decodeAuthMessage<N extends AuthMessageName>(name: N, bytes: Uint8Array): AuthMessages[N] {
  const type = root.lookupType(name);
  return type.toObject(type.decode(bytes), { longs: String, bytes: Buffer }) as AuthMessages[N];
}
