// Removing a federated identity credential from an application: Graph's
// `DELETE /applications/{id}/federatedIdentityCredentials/{federatedIdentityCredentialId}`, 204 No
// Content (https://learn.microsoft.com/en-us/graph/api/federatedidentitycredential-delete; the
// application permission Application.ReadWrite.OwnedBy, for applications the caller owns, or
// Application.ReadWrite.All). One credential by its id: the application's other credentials, and
// its other federated credentials, are never rewritten, unlike a PATCH of the whole application.
// Idempotent: a 404 is checked against the application's list, and a credential already gone (or
// an application deleted since the plan) is "unchanged"; any other 404 stays an error.
import type { ApplyOutcome } from "../connector.js";
import { TargetError } from "../target-error.js";
import type { GraphClient } from "./graph.js";

export async function deleteFederatedCredential(graph: GraphClient, path: string, appObjectId: string, id: string): Promise<ApplyOutcome> {
  try {
    await graph.delete(`${path}/federatedIdentityCredentials/${encodeURIComponent(id)}`);
  } catch (e) {
    if (e instanceof TargetError && e.details.status === 404 && !(await listsFederated(graph, path, id))) return { status: "unchanged", account: appObjectId };
    throw e;
  }
  return { status: "applied", account: appObjectId };
}

/** Whether the application still lists the credential; false when the application is gone. */
async function listsFederated(graph: GraphClient, path: string, id: string): Promise<boolean> {
  let list: { value?: Array<{ id?: unknown }> } | undefined;
  try {
    list = (await graph.get(`${path}/federatedIdentityCredentials?$select=id`)) as typeof list;
  } catch (e) {
    if (e instanceof TargetError && e.details.status === 404) return false;
    throw e;
  }
  return (list?.value ?? []).some((f) => typeof f.id === "string" && f.id.toLowerCase() === id);
}
