// Before apply starts: can this token make the planned changes? What can be known is checked and
// named (a classic token's scopes, an App-only endpoint, the owner role of a personal token's
// user); nothing is applied when it falls short.
import type { Change } from "../../model/change.js";
import type { GithubApi } from "./api.js";
import { refusal } from "./errors.js";
import { KIND_NAMES, needOf, shortfalls } from "./permissions.js";

const listed = (changes: readonly Change[]): string => {
  const names = changes.slice(0, 3).map((c) => `${c.action} ${c.identity}${c.entitlement ? ` ${c.entitlement}` : ""}`);
  return `${names.join(", ")}${changes.length > 3 ? `, … (${changes.length} in all)` : ""}`;
};

export async function preflight(api: GithubApi, changes: readonly Change[]): Promise<void> {
  if (!changes.some((c) => needOf(c))) return;
  const token = await api.token();
  const { name, org } = api.settings;
  const short = shortfalls(token, changes);
  if (short.length > 0) {
    const what = short.map((s) => `${s.need}, which ${s.changes.length} planned change(s) need (${listed(s.changes)})`).join("; and ");
    throw refusal(name, `the token (a ${KIND_NAMES[token.kind]}${token.scopes ? ` with scopes ${token.scopes.join(", ") || "none"}` : ""}) cannot apply this plan: it lacks ${what}; nothing was applied`, "give the token what is missing (docs/setup.md lists the permissions for plan and apply), or use a GitHub App installation token");
  }
  // A personal token acts as its user, who must be an active owner to change memberships.
  const ownerNeeded = changes.filter((c) => needOf(c)?.owner);
  if (token.user && ownerNeeded.length > 0) {
    const m = await api.membership(token.user.login);
    if (!m || m.state !== "active" || m.role !== "admin") {
      throw refusal(name, `the token's user "${token.user.login}" is ${m ? `${m.state === "active" ? "an active" : "a pending"} ${m.role === "admin" ? "owner" : "member"}` : "not a member"} of ${org}, not an active owner, so it cannot make ${ownerNeeded.length} planned change(s) (${listed(ownerNeeded)}); nothing was applied`, `use a token of an owner of ${org}, or a GitHub App installation token with Organization → Members: read and write`);
    }
  }
}
