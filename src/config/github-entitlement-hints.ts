// What to say about a name a GitHub app policy writes that is no entitlement scopesync can grant
// there (model/github-entitlements.ts): the usual mistakes get their own reason, since "unknown"
// alone sends the reader to the docs for what is one word of fix. Membership has no entitlement
// (it is the account: anyone in the policy's scope is invited), a maintainer is an attribute
// scopesync never sets (readme.md, `team:<slug>`), and the rest are misspelt forms.
import { GITHUB_GRANTABLE } from "../model/github-entitlements.js";
import { closest } from "../model/suggest.js";

export interface EntitlementProblem {
  /** Why it is not one, after `"<name>" is not an entitlement …`. */
  why: string;
  /** How to fix it. */
  fix: string;
}

const FORMS = "a GitHub target grants role:admin (owner), team:<slug>, repo:<name>:<read|triage|write|maintain|admin or a custom repository role> and org-role:<name>";
const PREFIXES = ["role", "team", "repo", "org-role"];

export function githubEntitlementProblem(entitlement: string): EntitlementProblem {
  const [prefix = "", ...rest] = entitlement.split(":");
  if (prefix === "role") return roleProblem(rest.join(":"));
  if (prefix === "team" && rest.length > 1) {
    const slug = rest[0]!;
    const maintainer = rest.slice(1).join(":").toLowerCase() === "maintainer";
    return {
      why: maintainer ? "scopesync never makes a team maintainer (a maintainer holds team membership, and a grant never demotes one)" : "a team entitlement is team:<slug> and nothing after it",
      fix: `did you mean "team:${slug}"? ${maintainer ? "make maintainers in GitHub (the team's Members page); " : ""}${FORMS}`,
    };
  }
  if (prefix === "repo" && rest.length === 1) {
    return { why: "a repository entitlement names a role", fix: `write "repo:${rest[0]}:read" (or triage, write, maintain, admin, or a custom repository role's name); ${FORMS}` };
  }
  const guess = closest(prefix, PREFIXES);
  const respelt = guess === undefined ? undefined : [guess, ...rest].join(":");
  if (respelt !== undefined && GITHUB_GRANTABLE.test(respelt)) return { why: `"${prefix}:" is no kind of GitHub entitlement`, fix: `did you mean "${respelt}"? ${FORMS}` };
  return { why: PREFIXES.includes(prefix) ? "its name has characters GitHub does not allow there" : `"${prefix}:" is no kind of GitHub entitlement`, fix: FORMS };
}

/** `role:<x>`: GitHub's org roles are member (the account itself) and owner (role:admin). */
function roleProblem(role: string): EntitlementProblem {
  if (role.toLowerCase() === "member") return { why: "membership is the account itself, which every identity in this policy's scope gets", fix: 'omit it: the one org role scopesync grants is "role:admin" (owner), and without it a member is a member' };
  const owner = role.toLowerCase() === "owner" || closest(role, ["admin"]) !== undefined;
  return {
    why: "a GitHub org's roles are member (the account itself) and owner (role:admin)",
    fix: `${owner ? 'did you mean "role:admin" (owner: privileged)? ' : ""}an organization role (predefined or custom) is org-role:<name>; ${FORMS}`,
  };
}
