// A SAML single sign-on service principal's token-signing certificate: what Entra signs the SAML
// responses it sends the app with, not a secret a workload signs in with. Graph's
// servicePrincipal: addTokenSigningCertificate
// (https://learn.microsoft.com/en-us/graph/api/serviceprincipal-addtokensigningcertificate) adds it
// as "A private key object with usage set to Sign", "A public key object with usage set to Verify"
// and a passwordCredentials object, "All the objects have the same value of customKeyIdentifier",
// and "The passwordCredential is used to open the PFX file (private key). It and the associated
// private key object have the same value of keyId." The certificate in use is the service
// principal's preferredTokenSigningKeyThumbprint
// (https://learn.microsoft.com/en-us/graph/api/resources/serviceprincipal). Deleting it, or
// switching the service principal off, stops sign-in to the app for everyone and keeps no leaver
// out: it is left out of the NHI's revocable credentials and shown as the app's certificate.
import { isObject, type JsonObject, trimmedText } from "../common/json.js";
import type { JsonEntry } from "../common/json-entry.js";
import { normaliseDate } from "../common/dates.js";

export interface TokenSigning {
  /** Indexes into keyCredentials and passwordCredentials that are signing material. */
  keys: ReadonlySet<number>;
  passwords: ReadonlySet<number>;
  /** One line per certificate: its name, thumbprint (customKeyIdentifier) and expiry. */
  certificates: string[];
}

const NONE: TokenSigning = { keys: new Set(), passwords: new Set(), certificates: [] };

/** The signing material of a service principal (an application object has none: Graph adds it to service principals only). */
export function tokenSigning(entry: JsonEntry, collection: "applications" | "servicePrincipals"): TokenSigning {
  if (collection !== "servicePrincipals") return NONE;
  const keys = entry.array("keyCredentials").map((k) => (isObject(k) ? k : {}));
  const passwords = entry.array("passwordCredentials").map((p) => (isObject(p) ? p : {}));
  const preferred = trimmedText(entry.value["preferredTokenSigningKeyThumbprint"]);
  const shared = new Set(passwords.map((p) => trimmedText(p["customKeyIdentifier"])).filter((id): id is string => id !== undefined));
  const signingIds = new Set<string>();
  const signingKeyIds = new Set<string>();
  const keyIndexes = new Set<number>();
  keys.forEach((k, i) => {
    const usage = trimmedText(k["usage"])?.toLowerCase();
    const id = trimmedText(k["customKeyIdentifier"]);
    if ((usage !== "sign" && usage !== "verify") || id === undefined) return;
    // Shared with a passwordCredential (the PFX's password), or the certificate Entra signs with.
    if (!shared.has(id) && !(preferred !== undefined && sameThumbprint(id, preferred))) return;
    keyIndexes.add(i);
    signingIds.add(id);
    const keyId = trimmedText(k["keyId"]);
    if (usage === "sign" && keyId !== undefined) signingKeyIds.add(keyId.toLowerCase());
  });
  const passwordIndexes = new Set<number>();
  passwords.forEach((p, i) => {
    const id = trimmedText(p["customKeyIdentifier"]);
    const keyId = trimmedText(p["keyId"])?.toLowerCase();
    if ((id !== undefined && signingIds.has(id)) || (keyId !== undefined && signingKeyIds.has(keyId))) passwordIndexes.add(i);
  });
  return { keys: keyIndexes, passwords: passwordIndexes, certificates: certificateLines(keys, keyIndexes, preferred) };
}

/** One line per customKeyIdentifier (the Sign and Verify keys are one certificate), in the export's order. */
function certificateLines(keys: readonly JsonObject[], indexes: ReadonlySet<number>, preferred: string | undefined): string[] {
  const lines = new Map<string, string>();
  for (const i of [...indexes].sort((a, b) => a - b)) {
    const k = keys[i]!;
    const id = trimmedText(k["customKeyIdentifier"])!;
    if (lines.has(id)) continue;
    const name = trimmedText(k["displayName"]);
    const end = trimmedText(k["endDateTime"]);
    const expires = end === undefined ? "no end date exported" : `expires ${normaliseDate(end) ?? end}`;
    const inUse = preferred !== undefined && sameThumbprint(id, preferred) ? ", in use" : "";
    lines.set(id, `${name ? `${name} ` : ""}(thumbprint ${id}${inUse}), ${expires}`);
  }
  return [...lines.values()];
}

/**
 * customKeyIdentifier is Graph Binary (base64 in JSON), preferredTokenSigningKeyThumbprint a hex
 * string: the same thumbprint either as written, as the hex of the decoded bytes, or as the
 * decoded text.
 */
function sameThumbprint(id: string, thumbprint: string): boolean {
  const want = thumbprint.toLowerCase();
  if (id.toLowerCase() === want) return true;
  if (!/^[A-Za-z0-9+/]+=*$/.test(id)) return false;
  const bytes = Buffer.from(id, "base64");
  return bytes.toString("hex") === want || bytes.toString("latin1").toLowerCase() === want;
}

