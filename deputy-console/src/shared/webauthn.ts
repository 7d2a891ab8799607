// WebAuthn in its JSON forms (Chromium 129+, current Firefox and Safari read and write them directly): the options the
// server sends become the browser's, the browser's credential goes back as toJSON(). Used by the remote deputy's page
// and by staff passkeys (docs/security.md "Second factor", "Remote sittings").

interface JsonCredentials {
  parseCreationOptionsFromJSON(json: unknown): PublicKeyCredentialCreationOptions;
  parseRequestOptionsFromJSON(json: unknown): PublicKeyCredentialRequestOptions;
}

const api = () => (window.PublicKeyCredential as unknown as JsonCredentials | undefined);

/** Whether this browser can create and use passkeys through the JSON forms. */
export const passkeysSupported = (): boolean => !!api()?.parseCreationOptionsFromJSON && !!navigator.credentials;

/** Creates a passkey for the server's creation options; null when the person cancelled or the device refused. */
export async function createPasskey(options: unknown): Promise<unknown | null> {
  try {
    return credentialJson(await navigator.credentials.create({ publicKey: api()!.parseCreationOptionsFromJSON(options) }));
  } catch {
    return null;
  }
}

/** Signs the server's request options with a passkey the device offers; null when cancelled or refused. */
export async function usePasskey(options: unknown): Promise<unknown | null> {
  try {
    return credentialJson(await navigator.credentials.get({ publicKey: api()!.parseRequestOptionsFromJSON(options) }));
  } catch {
    return null;
  }
}

function credentialJson(c: Credential | null): unknown | null {
  return (c as unknown as { toJSON(): unknown } | null)?.toJSON() ?? null;
}
