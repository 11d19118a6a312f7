// Whom a login names, written into a live plan (Change.loginOwner).
//
// GitHub links accounts by login, and a login can change hands: a user renames their account
// (same numeric id) and "your old username becomes available for anyone else to claim" (GitHub
// docs, "Changing your GitHub username"). A reviewed `create-account ada` is an invitation to
// whoever holds "ada" at the merge. So a plan made against live state looks each login it would
// invite or grant to an account not linked yet up once (`GET /users/{username}`), records the
// user's id on the change and says it in the create's reason; apply refuses the change when the
// login names another user by then (targets/github/apply.ts). Joiners are few: past
// LOGIN_OWNER_LOOKUPS logins on one target the plan looks none up and says so (a finding).
//
// What this cannot see: a login that had already changed hands when the plan was made. Nothing
// remembers which GitHub id a person's login named on an earlier run, so the plan shows the new
// holder's id (and the reviewer must notice it is not the person's); see the github readme.
import { canonicalJson } from "./model/canonical-json.js";
import { GIVING, NO_LOGIN_OWNER, type Change } from "./model/change.js";
import { compareFindings, type Finding } from "./model/finding.js";
import { normaliseLogin } from "./model/keys.js";
import { fingerprint } from "./plan/build-plan.js";
import type { Plan } from "./plan/plan.js";
import type { TargetConnector } from "./targets/connector.js";

/** Logins looked up per target and plan at most (GitHub allows an installation or a user 5,000 requests an hour). */
export const LOGIN_OWNER_LOOKUPS = 200;

/** Changes whose login decides who gets access: no linked account yet, only a login. */
function unlinked(c: Change): boolean {
  return GIVING.has(c.action) && c.account === undefined && c.login !== undefined;
}

/**
 * The changes with `loginOwner` set where a connector can look logins up, and the findings to add
 * (a target with more logins than LOGIN_OWNER_LOOKUPS). Changes of other targets are returned as given.
 */
export async function withLoginOwners(changes: readonly Change[], connectors: ReadonlyMap<string, Pick<TargetConnector, "loginOwners" | "type">>): Promise<{ changes: Change[]; findings: Finding[] }> {
  const findings: Finding[] = [];
  const owners = new Map<string, Map<string, string | undefined>>();
  for (const [name, connector] of connectors) {
    if (!connector.loginOwners) continue;
    const logins = [...new Set(changes.filter((c) => c.target === name && unlinked(c)).map((c) => normaliseLogin(c.login!)))].sort();
    if (logins.length === 0) continue;
    if (logins.length > LOGIN_OWNER_LOOKUPS) {
      findings.push({ rule: "login-owners-not-read", severity: "info", target: name, message: `${logins.length} logins of target "${name}" would be given an account or access; more than ${LOGIN_OWNER_LOOKUPS}, so this plan does not record which user each one names, and apply cannot tell whether one changed hands since review`, remediation: "review the invitations in smaller plans (joiners arrive a few at a time), or check the logins by hand" });
      continue;
    }
    const found = await connector.loginOwners(logins);
    owners.set(name, new Map([...found].map(([login, id]) => [normaliseLogin(login), id])));
  }
  if (owners.size === 0) return { changes: [...changes], findings };
  const out = changes.map((c) => {
    const byLogin = owners.get(c.target);
    if (!byLogin || !unlinked(c)) return c;
    const id = byLogin.get(normaliseLogin(c.login!));
    const user = connectors.get(c.target)?.type === "github" ? "GitHub user" : "user";
    if (id === undefined) return { ...c, loginOwner: NO_LOGIN_OWNER, ...(c.action === "grant" ? {} : { reason: `${c.reason}; no ${user} has the login "${c.login}" now (apply refuses to give access to whoever registers it before then)` }) };
    return { ...c, loginOwner: id, ...(c.action === "grant" ? {} : { reason: `${c.reason}; the login "${c.login}" is ${user} ${id} now (apply refuses if it names another user then)` }) };
  });
  return { changes: out, findings };
}

/** The plan with `loginOwner` recorded (withLoginOwners), its fingerprint made again over the changes. */
export async function planWithLoginOwners(plan: Plan, connectors: ReadonlyMap<string, Pick<TargetConnector, "loginOwners" | "type">>): Promise<Plan> {
  const { changes, findings } = await withLoginOwners(plan.changes, connectors);
  if (findings.length === 0 && canonicalJson(changes, 0) === canonicalJson(plan.changes, 0)) return plan;
  return { ...plan, changes, fingerprint: fingerprint(changes), findings: [...plan.findings, ...findings].sort(compareFindings) };
}
