// Who holds a renamed account's remembered login now, asked of the service itself.
//
// A remembered id (remembered-logins.ts) says an account had an identity's login; that the login
// is not in the org now does not make it free. GitHub frees a renamed user's login for anyone to
// register ("your old username becomes available for anyone else to claim",
// https://docs.github.com/en/account-and-profile/concepts/username-changes), and whoever does need
// not be a member: a contractor renames "jlin" → "jlin-agency", and a new hire's own login is the
// freed "jlin" (rv61 #1). Following the id then gives the new hire's access to the contractor's
// account, or removes the contractor for the new hire. So where logins are the whole service's
// (TargetCapabilities.loginsOutsideTarget), each such login is looked up once, as the invitations
// of a live plan are (`GET /users/{username}`: 404 when nobody has it, login-owners.ts), and the
// planner follows the rename only when nobody holds it, or the renamed account itself does
// (plan/renamed-links.ts).
import { isDeprovisioned } from "../model/deprovisioned-account.js";
import { normaliseLogin } from "../model/keys.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import type { LoginHolders } from "../model/remembered-logins.js";
import { TARGET_CAPABILITIES, type TargetType } from "../model/target-types.js";
import type { TargetConnector } from "./connector.js";
import type { TargetRead } from "./read-targets.js";

/** The connectors a live read may ask who holds a login (GitHub's), by target name. */
export type LoginLookups = ReadonlyMap<string, Pick<TargetConnector, "loginOwners">>;

/**
 * `reads`, with `remembered.holders` on each read of a target whose logins are the service's. A
 * target with no look-up here (a caller that opened no connector), or more logins than `max`,
 * gets an empty answer: none of its renames is followed on the record alone, and the plan says so.
 */
export async function withLoginHolders(repo: PolicyRepo, reads: Map<string, TargetRead>, lookUp: LoginLookups, max: number): Promise<Map<string, TargetRead>> {
  for (const [name, read] of reads) {
    const type = repo.config.value.targets[name]?.type as TargetType | undefined;
    if (!read.remembered || !type || !TARGET_CAPABILITIES[type]?.loginsOutsideTarget) continue;
    const logins = renamedAwayFrom(read);
    const holders = await lookUpHolders(name, logins, lookUp.get(name)?.loginOwners, max);
    reads.set(name, { ...read, remembered: { ...read.remembered, holders } });
  }
  return reads;
}

/**
 * The remembered logins of the read's renamed accounts that no account of the read has now,
 * normalised and sorted. One the org's own accounts hold is renamed-links.ts's conflict already.
 */
function renamedAwayFrom(read: TargetRead): string[] {
  const remembered = read.remembered!;
  const was = new Set<string>();
  for (const a of read.state.accounts) {
    const login = remembered.logins.get(a.id);
    if (login !== undefined && !isDeprovisioned(a) && normaliseLogin(login) !== normaliseLogin(a.login)) was.add(normaliseLogin(login));
  }
  // Nearly every read has no renamed account: only then are the read's logins gathered.
  if (was.size === 0) return [];
  for (const a of read.state.accounts) was.delete(normaliseLogin(a.login));
  return [...was].sort();
}

async function lookUpHolders(name: string, logins: readonly string[], owners: Pick<TargetConnector, "loginOwners">["loginOwners"], max: number): Promise<LoginHolders> {
  if (logins.length === 0) return { logins: new Map() };
  if (!owners) return { logins: new Map(), skipped: `this run could not ask target "${name}" who holds a login` };
  if (logins.length > max) return { logins: new Map(), skipped: `${logins.length} renamed accounts' earlier logins to look up on target "${name}", more than the ${max} a plan looks up` };
  const found = await owners(logins);
  // A login the answer leaves out is not looked up (not free): only a 404 says nobody has it.
  return { logins: new Map(logins.filter((login) => found.has(login)).map((login) => [login, found.get(login) ?? null])) };
}
