// Whether an entra-apps target handles an Entra application's federated identity credentials: the
// plan revokes them there (`revoke-credential federated:<id>`), or the target holds them after the
// plan, where credential-manual-revocation names each with its command (`revoke: manual`). Either
// way a finding that says "no plan removes a federated credential" would be wrong. A target that
// lists none (a state file pulled before scopesync read them) proves nothing: the export's word stands.
import type { Identity } from "../../../model/identity.js";
import type { RuleInputs } from "../context.js";

/** "app:federated:<id>" as the state after the plan names a credential (policy/rules/context.ts). */
const FEDERATED = /:federated:([0-9a-f-]{36})$/;

/** With `id`: that credential (any case); without: any federated credential of the application. */
export function entraFederatedHandled(identity: Identity, ctx: Pick<RuleInputs, "changes" | "after">, id?: string): boolean {
  if (identity.attributes.entraAppId === undefined) return false;
  const wanted = id?.toLowerCase();
  const matches = (found: string) => wanted === undefined || found === wanted;
  for (const c of ctx.changes) {
    if (c.identity === identity.id && c.action === "revoke-credential" && c.credential?.startsWith("federated:") && matches(c.credential.slice("federated:".length).toLowerCase())) return true;
  }
  for (const held of ctx.after.credentials(identity.id)) {
    const m = FEDERATED.exec(held);
    if (m && matches(m[1]!)) return true;
  }
  return false;
}
