// Graph's usage reports (beta): appCredentialSignInActivity has the last sign-in of each
// credential by keyId; servicePrincipalSignInActivity the last sign-in of each application by
// appId. One export may hold either or both; an entry that is neither is an error.
import type { JsonEntry } from "../common/json-entry.js";

export interface SignIns {
  byKeyId: Map<string, string>;
  byAppId: Map<string, string>;
}

export function signIns(entries: JsonEntry[]): SignIns {
  const byKeyId = new Map<string, string>();
  const byAppId = new Map<string, string>();
  const later = (map: Map<string, string>, key: string, at: string | undefined) => {
    if (at && (!map.has(key) || Date.parse(map.get(key)!) < Date.parse(at))) map.set(key, at);
  };
  for (const entry of entries) {
    const keyId = entry.string("keyId");
    if (keyId !== undefined) {
      later(byKeyId, keyId.toLowerCase(), entry.date("signInActivity.lastSignInDateTime"));
      continue;
    }
    const appId = entry.string("appId");
    if (appId === undefined || entry.get("lastSignInActivity") === undefined && entry.get("applicationAuthenticationClientSignInActivity") === undefined) {
      throw entry.fail("is neither an appCredentialSignInActivity (keyId) nor a servicePrincipalSignInActivity (appId, lastSignInActivity)", "Export GET /reports/appCredentialSignInActivities or GET /reports/servicePrincipalSignInActivities.");
    }
    later(byAppId, appId.toLowerCase(), entry.date("lastSignInActivity.lastSignInDateTime") ?? entry.date("applicationAuthenticationClientSignInActivity.lastSignInDateTime"));
  }
  return { byKeyId, byAppId };
}
