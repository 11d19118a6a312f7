// revoke-credential for an application's client secret: POST /applications/{id}/removePassword
// with { keyId }. Idempotent: the application is read first, and a secret already gone (or an
// application deleted since the plan) is "unchanged", never an error. A federated identity
// credential: DELETE /applications/{id}/federatedIdentityCredentials/{id} (federated-credential.ts).
import type { Change } from "../../model/change.js";
import type { ApplyOutcome } from "../connector.js";
import { TargetError } from "../target-error.js";
import { azCredentialDelete, parseEntraCredential } from "./credential-id.js";
import { deleteFederatedCredential } from "./federated-credential.js";
import type { GraphClient } from "./graph.js";
import type { EntraSettings } from "./settings.js";

export async function applyEntraChange(graph: GraphClient, settings: EntraSettings, change: Change): Promise<ApplyOutcome> {
  const target = settings.name;
  if (change.action !== "revoke-credential") {
    throw new TargetError(target, `${change.action} is not made in Entra by scopesync: the target governs application credentials only`, { hint: "the planner plans no such change for a credentialsOnly target; re-plan with this version" });
  }
  const credential = change.credential ? parseEntraCredential(change.credential) : undefined;
  const appObjectId = change.account;
  if (!credential || !appObjectId) throw new TargetError(target, `revoke-credential needs an application and a credential like password:<keyId>, got ${JSON.stringify(change.credential ?? "")}`, { hint: "re-plan: the plan was not made by this connector's read" });
  if (credential.kind === "certificate" || settings.revoke === "manual") {
    throw new TargetError(target, `${change.credential} of application ${appObjectId} is revoked by a person, not through Graph`, { hint: `run: ${azCredentialDelete(change.login ?? appObjectId, credential)}` });
  }
  const path = `/applications/${encodeURIComponent(appObjectId)}`;
  if (credential.kind === "federated") return deleteFederatedCredential(graph, path, appObjectId, credential.keyId);
  if (!(await holdsSecret(graph, path, credential.keyId))) return { status: "unchanged", account: appObjectId };
  try {
    await graph.post(`${path}/removePassword`, { keyId: credential.keyId });
  } catch (e) {
    // Gone between the check and the removal (another run, a person): converged all the same.
    if (e instanceof TargetError && e.details.status === 404 && !(await holdsSecret(graph, path, credential.keyId))) return { status: "unchanged", account: appObjectId };
    throw e;
  }
  return { status: "applied", account: appObjectId };
}

async function holdsSecret(graph: GraphClient, path: string, keyId: string): Promise<boolean> {
  let app: { passwordCredentials?: Array<{ keyId?: string }> } | undefined;
  try {
    app = (await graph.get(`${path}?$select=id,passwordCredentials`)) as typeof app;
  } catch (e) {
    if (e instanceof TargetError && e.details.status === 404) return false; // the application itself is gone
    throw e;
  }
  return (app?.passwordCredentials ?? []).some((c) => c.keyId?.toLowerCase() === keyId);
}
