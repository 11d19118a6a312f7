// The account of an identity that scopesync itself took away, made again: a return, not a joiner.
// Where the target has no disabled account (GitHub removes the member: TargetCapabilities.
// disableRemoves) the target keeps nothing of it, so the apply journal is what says so
// (targets/journal-offboardings.ts). The reason says it is a return and what it takes (an
// invitation to accept), what comes back because a policy gives it, and what does not (a deploy key
// the offboarding deleted, a team-maintainer role held by hand); return-not-restored names each
// thing that does not come back, with what to do, so that an HR error fixed the next day is not
// taken for undone when production still lacks its key.
// A return gives back the kind of access the account had. An outside collaborator (GitHub: direct
// access to some repositories, no membership) returns as one: the repository invitations of the
// `repo:` access a policy gives, and no org invitation unless a policy gives what only a member
// holds (a team, the owner role). Membership is more than the vendor had: "Base permissions do not
// apply to outside collaborators. By default, members of an organization will have Read
// permissions to the organization's repositories" (GitHub docs, "Setting base permissions for an
// organization"). Invited to the org, a vendor restored after a one-day HR error could read every
// private repository, and the plan called it a return "holding nothing" (rv62 #3).
import type { Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";
import { journalIdentity, journalOffboardingOf, type JournalOffboarding } from "../model/journal-offboarding.js";
import { NON_MEMBER } from "../model/non-member-accounts.js";
import { outsideCollaboratorCannotHold } from "./non-member-accounts.js";
import { parseRepoPathLost } from "./repo-paths-lost.js";
import type { TargetContext } from "./target-context.js";

/** Why a return's account is made, in words, and the finding for what it does not give back. */
export interface Return {
  /** Replaces "joiner: … no account yet" / "… has no account yet". */
  reason: string;
  /** Evidence: the journal line that records the removal. */
  evidence: string[];
  finding?: Finding;
  /**
   * false: no account is made (no create-account): an outside collaborator who returns as one, whose
   * `repo:` grants invite them to the repositories by themselves; `grantNote` goes on those grants.
   */
  createsAccount: boolean;
  grantNote?: string;
}

/**
 * The return of `identity` to the target of `ctx`, whose account the plan makes again (`granted`:
 * what it grants it), or undefined when the journal records no offboarding of it there.
 */
export function returnOf(ctx: TargetContext, identity: Identity, login: string, granted: readonly string[], policyAt: string): Return | undefined {
  // policyAt is the finding's location where the identity has no file; the change's evidence names the policy.
  const off = journalOffboardingOf(ctx.offboardings, ctx.target, identity.id, identity.anchor);
  if (!off || (!off.removed && off.lost.length === 0)) return undefined;
  const app = ctx.policy.value.id;
  const owner = quarantinedOwner(ctx, identity, off);
  const who = owner !== undefined ? `returns from quarantine: its owner ${owner} is active again` : identity.kind === "person" ? `returns: ${identity.anchor} is in the scope of ${app} again` : `returns: ${identity.kind} ${identity.id} is in the scope of ${app} again`;
  const parts = [who];
  // Kept short: text plans show 400 characters of a reason; the finding has the whole of what is lost.
  if (off.removed) {
    const was = off.removed.login ?? login;
    parts.push(`scopesync removed "${was}" on ${off.removed.at.slice(0, 10)} (${off.removed.line})${ctx.traits.disableRemoves ? ", not suspended" : ""}`);
  }
  const evidence = off.removed ? [off.removed.line] : [];
  if (off.removed?.nonMember === "outside-collaborator") return outsideCollaboratorReturn(ctx, identity, login, granted, policyAt, off, parts, evidence);
  const holding = granted.length > 0 ? `holding only ${granted.join(", ")}` : "holding nothing";
  // A line an older scopesync wrote does not say whether the account was an outside collaborator:
  // the return is planned as a member's, and says that this is not known (kindUnknownFinding).
  const unknown = off.removed?.kindUnknown === true && ctx.traits.nonMembers?.includes("outside-collaborator") === true;
  if (unknown) parts.push(`the journal line does not say whether "${off.removed!.login ?? login}" was a member or an outside collaborator (an older scopesync wrote it): planned as a member's return`);
  if (ctx.traits.invitesAccounts) parts.push(`the return is a new invitation ${identity.kind === "person" ? `${login} must accept` : `someone must sign in as ${login} to accept`}, ${holding}`);
  else parts.push(`the new account is ${holding}`);
  if (off.lost.length > 0) parts.push(`not given back: ${off.lost.join("; ")}`);
  const lost = off.lost.length > 0 ? notRestored(ctx, identity, off, policyAt) : undefined;
  const finding = unknown ? kindUnknownFinding(ctx, identity, off, login, policyAt, lost) : lost;
  return { reason: parts.join("; "), evidence, createsAccount: true, ...(finding ? { finding } : {}) };
}

/**
 * return-not-restored for a return whose journal line names no kind (JournalOffboarding.removed.
 * kindUnknown): an org invitation makes the account a member, which an outside collaborator was
 * not (the org's base permission on every repository), so the reviewer is told what is unknown and
 * how to find out; with what the offboarding took for good (`lost`), that too.
 */
function kindUnknownFinding(ctx: TargetContext, identity: Identity, off: JournalOffboarding, login: string, policyAt: string, lost: Finding | undefined): Finding {
  const was = off.removed!.login ?? login;
  const when = off.removed!.at.slice(0, 10);
  return {
    rule: "return-not-restored",
    severity: "warning",
    identity: identity.id,
    message: `${identity.id} returns to ${ctx.policy.value.id} by an org invitation, which makes them a member, but scopesync's offboarding on ${when} (${off.removed!.line}) was journalled by an older scopesync that did not record whether "${was}" was a member or an outside collaborator (outside collaborators do not get the org's base permission on every repository; members do)${lost ? `; ${lost.message.slice(lost.message.indexOf("what scopesync's"))}` : ""}`,
    remediation: `find out what "${was}" was before approving: the org's audit log of ${when} records the removal as org.remove_member (a member) or org.remove_outside_collaborator (an outside collaborator); if an outside collaborator, do not approve the org invitation: give the repository roles back by hand (each repository's Settings → Collaborators and teams → Add people), or take ${identity.id} out of the policy's team and owner grants so that only repo: grants remain${lost ? `; ${lost.remediation}` : ""}`,
    location: identity.definedAt ?? policyAt,
  };
}

/**
 * The return of an account that was an outside collaborator. Given what only a member holds, it
 * is the org invitation, and the reason says that it makes them a member; given only `repo:`
 * access (or nothing), no account is made: the grants invite them to the repositories, and
 * return-not-restored names what nothing gives back (always when nothing is given: the plan
 * holds no change for them, and the finding is where the reviewer reads the return).
 */
function outsideCollaboratorReturn(ctx: TargetContext, identity: Identity, login: string, granted: readonly string[], policyAt: string, off: JournalOffboarding, parts: string[], evidence: string[]): Return {
  const was = off.removed!.login ?? login;
  const needed = outsideCollaboratorCannotHold(granted);
  const what = NON_MEMBER["outside-collaborator"].what({ id: "", login: was, active: true, attributes: {}, entitlements: [] });
  if (needed.length > 0) {
    parts.push(`"${was}" was ${what}, and ${needed.join(", ")} ${needed.length === 1 ? "needs" : "need"} membership: the return is an invitation to the org ${login} must accept, which makes them a member (members get the org's base permission on every repository; outside collaborators do not), holding only ${granted.join(", ")}`);
    if (off.lost.length > 0) parts.push(`not given back: ${off.lost.join("; ")}`);
    return { reason: parts.join("; "), evidence, createsAccount: true, ...(off.lost.length > 0 ? { finding: notRestored(ctx, identity, off, policyAt) } : {}) };
  }
  const grantNote = `${parts.join("; ")}; "${was}" was ${what}, and returns as one: a repository invitation ${login} must accept, no org invitation`;
  if (off.lost.length === 0 && granted.length > 0) return { reason: grantNote, evidence, createsAccount: false, grantNote };
  const when = off.removed ? ` on ${off.removed.at.slice(0, 10)}` : "";
  // Text plans show 400 characters of a message: what is not given back comes first.
  const given = granted.length > 0 ? `the policy gives back only ${granted.join(", ")} (repository invitations ${login} must accept)` : `no policy gives "${was}" a repository, so nothing is planned`;
  const finding: Finding = {
    rule: "return-not-restored",
    severity: "warning",
    identity: identity.id,
    message: `${identity.id} returns to ${ctx.policy.value.id} as the outside collaborator "${was}" was, not as an org member${off.lost.length > 0 ? `, and what scopesync's offboarding${when} (${off.removed!.line}) took for good does not come back with this plan: ${off.lost.join("; ")}` : ` (scopesync's offboarding${when}: ${off.removed!.line})`}; ${given}; an org invitation would give the org's base permission on every repository`,
    remediation: outsideFixes(ctx, off, was),
    location: identity.definedAt ?? policyAt,
  };
  return { reason: grantNote, evidence, finding, createsAccount: false, ...(granted.length > 0 ? { grantNote } : {}) };
}

/** What to do about what an outside collaborator's offboarding took: each repository role, given back by hand or by a policy. */
function outsideFixes(ctx: TargetContext, off: JournalOffboarding, was: string): string {
  // A direct role and a pending invitation are given back alike: a repository invitation.
  const roles = off.lost.flatMap((l) => parseRepoPathLost(l) ?? []);
  const other = off.lost.filter((l) => parseRepoPathLost(l) === undefined);
  const fixes: string[] = [];
  if (roles.length > 0) {
    fixes.push(
      `if "${was}" still needs it, give back ${roles.map((r) => `${r.role} on ${r.repo}`).join(", ")} by hand (each repository's Settings → Collaborators and teams → Add people: GitHub invites them as an outside collaborator), or in the app policy (entitlements ${roles.map((r) => `repo:${r.repo}:${r.role}`).join(", ")}, with targets.${ctx.target}.options.repositories covering ${roles.map((r) => r.repo).join(", ")})`,
    );
  }
  if (other.length > 0) fixes.push(`give back by hand what else it held, if still needed: ${other.join(", ")}`);
  if (fixes.length === 0) fixes.push(`if "${was}" still needs repository access, give it in the app policy (a repo:<name>:<role> entitlement) or by hand`);
  fixes.push("do not invite them to the org unless they are to be a member");
  return fixes.join("; ");
}

/**
 * The NHI's owner whose offboarding the same apply run applied: the NHI was quarantined because its
 * owner left (policy/lifecycle.ts, nhi-owner-gone), and the owner is back. Undefined otherwise.
 */
function quarantinedOwner(ctx: TargetContext, identity: Identity, off: JournalOffboarding): string | undefined {
  if (identity.kind === "person" || identity.owner === undefined || !off.removed) return undefined;
  // The run names the owner as the journal does (journalIdentity), and so does the reason: by the
  // anchor, where their id looks like a secret.
  const owner = journalIdentity(identity.owner, ctx.byId.get(identity.owner)?.anchor);
  return ctx.offboardings?.byRun.get(off.removed.run)?.has(owner) ? owner : undefined;
}

/** A lost item without how it was held (`team:design`, `repo:firmware:admin`): what to give back. */
function withoutHow(item: string): string {
  const repo = parseRepoPathLost(item);
  return repo ? `repo:${repo.repo}:${repo.role}` : item.replace(/ \(held by hand\)$/, "");
}

/** return-not-restored: each thing the offboarding took for good, and what to do about each. */
function notRestored(ctx: TargetContext, identity: Identity, off: JournalOffboarding, policyAt: string): Finding {
  // A deleted key cannot be added back (GitHub keeps only its public part, and deletes that): a new one replaces it.
  const keys = off.lost.filter((l) => /^deploy key /.test(l));
  const held = off.lost.filter((l) => !keys.includes(l));
  const fixes = [
    ...keys.map((k) => `add a new deploy key in place of the ${k} (a new key pair: GitHub keeps no copy of a deleted key), then give its private key to whatever used the old one`),
    ...(held.length > 0 ? [`once the invitation is accepted, give back by hand what was held by hand: ${held.map(withoutHow).join(", ")} (a team membership can instead be given by a policy; a team role only by hand)`] : []),
  ];
  const when = off.removed ? ` on ${off.removed.at.slice(0, 10)}` : "";
  return {
    rule: "return-not-restored",
    severity: "warning",
    identity: identity.id,
    message: `${identity.id} returns to ${ctx.policy.value.id}, but what scopesync's offboarding${when} took for good does not come back with this plan: ${off.lost.join("; ")}`,
    remediation: fixes.join("; "),
    location: identity.definedAt ?? policyAt,
  };
}
