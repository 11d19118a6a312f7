// Before apply starts: which planned changes can this token visibly not make? What can be known is
// checked and named (a classic token's scopes, an App-only endpoint, the owner role of a personal
// token's user). Only those changes are refused (src/apply/preflight.ts), each with what is missing
// and the fix; every other change applies: a PAT-grant revoke that needs a GitHub App must not keep
// the plan's leavers in the org.
import type { Change } from "../../model/change.js";
import type { PreflightRefusal } from "../../model/preflight-refusal.js";
import type { GithubApi } from "./api.js";
import { KIND_NAMES, needOf, shortfalls } from "./permissions.js";

const listed = (changes: readonly Change[]): string => {
  const names = changes.slice(0, 3).map((c) => `${c.action} ${c.identity}${c.entitlement ? ` ${c.entitlement}` : ""}`);
  return `${names.join(", ")}${changes.length > 3 ? `, … (${changes.length} in all)` : ""}`;
};

const REFUSED = "refused before apply; the changes the token can make are applied";

export async function preflight(api: GithubApi, changes: readonly Change[]): Promise<PreflightRefusal[]> {
  if (!changes.some((c) => needOf(c))) return [];
  const token = await api.token();
  const { org } = api.settings;
  const refusals: PreflightRefusal[] = [];
  const kind = `a ${KIND_NAMES[token.kind]}${token.scopes ? ` with scopes ${token.scopes.join(", ") || "none"}` : ""}`;
  for (const s of shortfalls(token, changes)) {
    refusals.push({
      changes: s.changes,
      message: `the token (${kind}) lacks ${s.need}, which ${s.changes.length} planned change(s) need (${listed(s.changes)}): ${REFUSED}`,
      hint: "give the token what is missing (docs/setup.md lists the permissions for plan and apply), or use a GitHub App installation token, and run the same apply again",
    });
  }
  // A personal token acts as its user, who must be an active owner to change memberships. A change
  // already refused for the token's kind or scopes is not named twice.
  const short = new Set(refusals.flatMap((r) => r.changes));
  const ownerNeeded = changes.filter((c) => needOf(c)?.owner && !short.has(c));
  if (token.user && ownerNeeded.length > 0) {
    const m = await api.membership(token.user.login);
    if (!m || m.state !== "active" || m.role !== "admin") {
      refusals.push({
        changes: ownerNeeded,
        message: `the token's user "${token.user.login}" is ${m ? `${m.state === "active" ? "an active" : "a pending"} ${m.role === "admin" ? "owner" : "member"}` : "not a member"} of ${org}, not an active owner, so it cannot make ${ownerNeeded.length} planned change(s) that need one (${listed(ownerNeeded)}): ${REFUSED}`,
        hint: `use a token of an owner of ${org}, or a GitHub App installation token with Organization → Members: read and write, and run the same apply again`,
      });
    }
  }
  return refusals;
}
