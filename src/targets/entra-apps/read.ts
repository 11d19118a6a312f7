// Reads every application registration of the tenant with its client secrets, certificates and
// federated identity credentials. Each page is checked as it arrives: a page without `value`, or
// an application without id and appId, fails the read (missing is never "empty"); paging follows
// @odata.nextLink to the end.
import type { TargetAccount, TargetCredential, TargetState } from "../../model/target-state.js";
import { TargetError } from "../target-error.js";
import { azCredentialDelete, entraCredentialId, parseEntraCredential, type EntraCredential } from "./credential-id.js";
import type { GraphClient } from "./graph.js";
import type { EntraSettings } from "./settings.js";
import { append } from "../../model/append.js";

/** The parts of Graph's application and passwordCredential/keyCredential resources read here. */
interface GraphCredential { keyId?: unknown; displayName?: unknown; startDateTime?: unknown; endDateTime?: unknown }
interface GraphApplication { id?: unknown; appId?: unknown; displayName?: unknown; passwordCredentials?: unknown; keyCredentials?: unknown; federatedIdentityCredentials?: unknown }

export const APPLICATION_SELECT = "id,appId,displayName,passwordCredentials,keyCredentials";
// An application's federated identity credentials are a relationship, not a property: Graph lists
// them with the application only when expanded ("Supports $expand", application resource). An
// application holds at most 20 ("A maximum of 20 federated identity credentials can be added to an
// application", learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations),
// so the expansion is never cut short.
export const APPLICATION_EXPAND = "federatedIdentityCredentials";

export async function readApplications(graph: GraphClient, settings: EntraSettings, readAt: string): Promise<TargetState> {
  const accounts: TargetAccount[] = [];
  const credentials: TargetCredential[] = [];
  let link: string | undefined = `/applications?$select=${APPLICATION_SELECT}&$expand=${APPLICATION_EXPAND}&$top=${settings.pageSize}`;
  for (let page = 1; link; page++) {
    const body = (await graph.get(link)) as { value?: unknown; "@odata.nextLink"?: unknown } | undefined;
    if (!Array.isArray(body?.value)) throw malformed(settings.name, `page ${page} of GET /applications has no "value" list`);
    for (const app of body.value as GraphApplication[]) {
      const account = toAccount(settings.name, app, page);
      accounts.push(account);
      append(credentials, toCredentials(settings, account, app));
      append(credentials, federatedCredentials(settings, account, app.federatedIdentityCredentials));
    }
    const next = body["@odata.nextLink"];
    if (next !== undefined && typeof next !== "string") throw malformed(settings.name, `page ${page} of GET /applications has a non-text @odata.nextLink`);
    link = next;
  }
  accounts.sort((a, b) => cmp(a.login, b.login));
  credentials.sort((a, b) => cmp(a.account, b.account) || cmp(a.id, b.id));
  return { formatVersion: 1, target: settings.name, readAt, accounts, credentials };
}

function toAccount(target: string, app: GraphApplication, page: number): TargetAccount {
  if (typeof app.id !== "string" || typeof app.appId !== "string") throw malformed(target, `an application on page ${page} of GET /applications lacks id or appId`);
  // The appId (client id) is what an NHI names its registration by: immutable, unlike displayName.
  return { id: app.id, login: app.appId.toLowerCase(), active: true, attributes: typeof app.displayName === "string" ? { displayName: app.displayName } : {}, entitlements: [] };
}

function toCredentials(settings: EntraSettings, account: TargetAccount, app: GraphApplication): TargetCredential[] {
  const out: TargetCredential[] = [];
  const add = (kind: EntraCredential["kind"], list: unknown): void => {
    if (list === undefined || list === null) return;
    if (!Array.isArray(list)) throw malformed(settings.name, `application ${account.id}: ${kind === "password" ? "passwordCredentials" : "keyCredentials"} is not a list`);
    for (const c of list as GraphCredential[]) {
      if (typeof c.keyId !== "string") throw malformed(settings.name, `application ${account.id}: a credential without keyId`);
      const credential: EntraCredential = { kind, keyId: c.keyId.toLowerCase() };
      // Graph's removeKey needs a JWT signed with one of the app's own certificates, which
      // scopesync never holds: a certificate is always revoked by a person.
      const manual = kind === "certificate" || settings.revoke === "manual";
      out.push({
        id: entraCredentialId(kind, c.keyId),
        account: account.id,
        type: kind === "password" ? "client-secret" : "certificate",
        credentialId: credential.keyId,
        ...(typeof c.startDateTime === "string" ? { createdAt: c.startDateTime } : {}),
        ...(manual ? { manualRevocation: azCredentialDelete(account.login, credential) } : {}),
      });
    }
  };
  add("password", app.passwordCredentials);
  add("certificate", app.keyCredentials);
  return out;
}

/**
 * An application's federated identity credentials (`federated:<id>`): each lets the tokens one
 * external issuer signs for one subject (a GitHub Actions workflow, a Kubernetes service account)
 * sign in as the application with no secret, so a quarantine that removes only the secrets leaves
 * the workload signing in. The plan names what it trusts (`access`: name, issuer, subject), so that
 * the reviewer reads which workload stops. Revoked only with the application's identity
 * (`withHolderOnly`): no identity file lists one, and Graph records no use of one, so
 * `credentials.unknown` and `revokeUnusedAfter` judge none.
 */
function federatedCredentials(settings: EntraSettings, account: TargetAccount, list: unknown): TargetCredential[] {
  // Absent: a reply that did not expand them (a proxy, an older read) is no "none" (the read stops).
  if (!Array.isArray(list)) throw malformed(settings.name, `application ${account.id}: federatedIdentityCredentials is ${list === undefined ? "missing" : "not a list"}`);
  return (list as Array<Record<string, unknown>>).map((f) => {
    if (typeof f.id !== "string" || parseEntraCredential(entraCredentialId("federated", f.id)) === undefined) throw malformed(settings.name, `application ${account.id}: a federated identity credential without a GUID id`);
    if (typeof f.issuer !== "string") throw malformed(settings.name, `application ${account.id}: federated identity credential ${f.id} has no issuer`);
    const credential: EntraCredential = { kind: "federated", keyId: f.id.toLowerCase() };
    const name = typeof f.name === "string" ? `${JSON.stringify(f.name)}: ` : "";
    const subject = typeof f.subject === "string" ? `, subject ${f.subject}` : "";
    return {
      id: entraCredentialId("federated", f.id),
      account: account.id,
      // No credentialId: no identity file lists one, and the rules tell it by its id's `federated:`.
      type: "federated-credential",
      access: `${name}issuer ${f.issuer}${subject}`,
      withHolderOnly: true,
      ...(settings.revoke === "manual" ? { manualRevocation: azCredentialDelete(account.login, credential) } : {}),
    };
  });
}

function malformed(target: string, what: string): TargetError {
  return new TargetError(target, `${what}; the read stops rather than plan on part of the tenant`, { hint: "check options.graphUrl points at Microsoft Graph v1.0" });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
