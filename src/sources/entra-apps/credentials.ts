// Graph passwordCredentials (client secrets) and keyCredentials (certificates) → credentials with
// the system's keyId, dates and holder. A list response never carries `secretText`; an export
// that does holds a live secret and is refused rather than read.
import type { CredentialDoc } from "../../model/documents.js";
import { JsonEntry } from "../common/json-entry.js";
import type { SourceContext } from "../source.js";
import type { TokenSigning } from "./token-signing.js";

/** keyId → last sign-in, from appCredentialSignInActivities. */
export type LastUse = ReadonlyMap<string, string>;

/** `signing`: a SAML service principal's token-signing material (token-signing.ts), which is no credential of the NHI's. */
export function graphCredentials(context: SourceContext, entry: JsonEntry, principal: string, lastUse: LastUse, signing: TokenSigning): CredentialDoc[] {
  const list: CredentialDoc[] = [];
  entry.objects("passwordCredentials").forEach((value, index) => {
    const c = new JsonEntry(context, value, `${entry.position} passwordCredentials[${index}]`);
    if (c.get("secretText") !== undefined) {
      throw c.fail("secretText holds a client secret", "Export with GET /applications (list responses never include secretText), and delete this file: it holds a live secret.");
    }
    if (!signing.passwords.has(index)) list.push(credential(c, "oauth-client", principal, lastUse));
  });
  entry.objects("keyCredentials").forEach((value, index) => {
    const c = new JsonEntry(context, value, `${entry.position} keyCredentials[${index}]`);
    if (!signing.keys.has(index)) list.push(credential(c, "certificate", principal, lastUse));
  });
  return list;
}

function credential(c: JsonEntry, type: CredentialDoc["type"], principal: string, lastUse: LastUse): CredentialDoc {
  const keyId = c.requiredString("keyId", "Export the credential lists as Graph returns them: every credential has a keyId.").toLowerCase();
  const issuedAt = c.date("startDateTime");
  if (issuedAt === undefined) throw c.fail("startDateTime is missing", "Graph returns startDateTime for every credential; export the full object.");
  // Entra gives every secret and certificate an end date (addPassword defaults to two years), so
  // none is `cannotExpire`: https://learn.microsoft.com/en-us/graph/api/serviceprincipal-addpassword
  const expiresAt = c.date("endDateTime");
  const displayName = c.string("displayName");
  const used = lastUse.get(keyId);
  return {
    id: keyId,
    type,
    issuedAt,
    ...(expiresAt ? { expiresAt } : {}),
    ...(used ? { lastUsedAt: used } : {}),
    status: "active",
    principal,
    ...(displayName ? { displayName } : {}),
  };
}
