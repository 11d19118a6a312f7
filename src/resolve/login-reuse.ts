import type { Finding } from "../model/finding.js";
import { loginOf, type Identity } from "../model/identity.js";
import { normaliseLogin } from "../model/keys.js";

/**
 * A login the last accepted snapshot gave one person and the export now gives another: a new hire
 * who got a leaver's login, a directory that recycled it. Everything keyed by the login would pass
 * from one person to the other without a word: the accounts of apps that link by login (GitHub,
 * `accounts.linkBy: login`) with all they hold, the explicit group grants and overlays written for
 * the first person, while the first person is never offboarded. Each such login is an error (the
 * plan is blocked) until a person decides. The same person under a new anchor (a record of theirs
 * still merged into the identity) is not a reuse.
 */
export function loginReuse(identities: readonly Identity[], prior: readonly Identity[]): Finding[] {
  const before = new Map<string, Identity>();
  for (const p of prior) if (p.kind === "person") before.set(p.id, p);
  // A renamed person's earlier login that files still name (the snapshot keeps it, formerIds) is
  // still theirs: what those files name would pass to whoever is given it now.
  const kept = new Map<string, Identity>();
  for (const p of prior) if (p.kind === "person" && p.formerIds !== undefined) for (const f of p.formerIds) if (!before.has(f)) kept.set(f, p);
  const findings: Finding[] = [];
  for (const identity of identities) {
    if (identity.kind !== "person") continue;
    const was = before.get(identity.id) ?? kept.get(identity.id);
    if (!was || was.anchor === identity.anchor) continue;
    if (samePerson(identity, was)) continue;
    const whose = was.id === identity.id ? `${was.anchor}${name(was)}` : `${was.anchor}${name(was)}'s earlier login, which files still name (${was.anchor} is "${was.id}" now),`;
    findings.push({
      rule: "login-reused",
      severity: "error",
      identity: identity.id,
      message: `the login "${identity.id}" was ${whose} in the last accepted snapshot and is now ${identity.anchor}${name(identity)}: not known to be the same person${leaverShared(identity, was)}; what the login holds would pass to them: accounts in apps that link by login (where ${was.anchor} would then not be offboarded), group grants naming the login, its overlay`,
      remediation: `give ${identity.anchor} another login in the source${was.id === identity.id ? "" : `, or first write ${was.id} wherever files still name ${identity.id} (findings overlay-login-stale, reference-login-stale), so that the next accepted snapshot frees it`}; if it is the same person under a new record (a rehire under a new worker id), link the records in identities/links.yaml (links: [{ records: [${identity.anchor}, ${was.anchor}], reason: … }]): the accounts marked ${was.anchor} are then theirs`,
      ...(identity.provenance.userName ? { location: identity.provenance.userName.at } : {}),
    });
  }
  return findings;
}

/**
 * The same for the logins apps link by other than the identity's own (`accounts.login`:
 * githubLogin, crmLogin), which overlays give: one the last accepted snapshot gave one person and
 * an overlay now gives another. The account of an app that links by that login would pass to them
 * with all it holds, and the first person's account there would never be offboarded.
 */
export function appLoginReuse(identities: readonly Identity[], prior: readonly Identity[], attributes: readonly string[]): Finding[] {
  return appLoginsMoved(identities, attributes, (attribute) => {
    const before = new Map<string, Identity>();
    for (const p of prior) {
      // The snapshot's own login where today's overlay gives another (two overlays that swapped
      // their logins read alike before and after, but each account passes to the other person).
      const login = p.kind === "person" ? p.earlierLogins?.[attribute] ?? loginOf(p, attribute) : undefined;
      if (login !== undefined) before.set(normaliseLogin(login), p);
    }
    return before;
  }, (attribute, login, was, identity, at) => ({
    message: `the ${attribute} "${login}" was ${was.anchor}${name(was)}'s in the last accepted snapshot and is now ${identity.anchor}${name(identity)}'s${at ? ` (${at})` : ""}: not known to be the same person; the account of an app that links by ${attribute} would pass to them with what it holds, and ${was.anchor} would not be offboarded there`,
    remediation: `correct ${attribute} of ${identity.id}; if it is the same person under a new record (a rehire under a new worker id), link the records in identities/links.yaml (links: [{ records: [${identity.anchor}, ${was.anchor}], reason: … }])`,
  }));
}

type Words = (attribute: string, login: string, was: Identity, identity: Identity, at: string | undefined) => { message: string; remediation: string };

/**
 * For each app login attribute (not userName): the identities today, people and NHIs alike (a
 * person's old GitHub login written into an NHI's file passes the account too), whose login the
 * `before` map gives someone not known to be them. One login-reused finding each, in `words`.
 */
function appLoginsMoved(identities: readonly Identity[], attributes: readonly string[], beforeOf: (attribute: string) => Map<string, Identity>, words: Words, skip?: ReadonlySet<string | undefined>): Finding[] {
  const findings: Finding[] = [];
  for (const attribute of attributes) {
    if (attribute === "userName") continue;
    const before = beforeOf(attribute);
    if (before.size === 0) continue;
    for (const identity of identities) {
      const login = loginOf(identity, attribute);
      const was = login === undefined ? undefined : before.get(normaliseLogin(login));
      if (!was || was.anchor === identity.anchor || samePerson(identity, was) || skip?.has(identity.id)) continue;
      const at = identity.provenance[attribute]?.at;
      findings.push({ rule: "login-reused", severity: "error", identity: identity.id, ...words(attribute, login!, was, identity, at), ...(at ? { location: at } : {}) });
    }
  }
  return findings;
}

/**
 * Is the identity the person `was` is (an earlier identity under the same login)? It holds their
 * anchor (or has it as an earlier anchor); or it holds another record of theirs and has their
 * name. A record alone is not enough: the leaver's own directory record, disabled but still
 * exported with an address the organisation gave to a new hire, merges with that new hire. Nor is
 * such a record with the name: the conventions that recycle an address or a login (first.last,
 * jsmith) recycle it between people of the same name. Only a record its source has as in use, or
 * one carrying the new record's employee id, counts (sharedRecord).
 */
export function samePerson(identity: Identity, was: Identity): boolean {
  if (holdsRecord(identity, was.anchor)) return true;
  return sharedRecord(identity, was) !== undefined && sameName(identity, was);
}

/**
 * A record of `was` other than its anchor that the identity holds and that is evidence of who they
 * are: not a leaver's switched-off record (Identity.leaverRecords, leaver-records.ts).
 */
export function sharedRecord(identity: Identity, was: Identity): string | undefined {
  return was.records.find((r) => r !== was.anchor && holdsRecord(identity, r) && !(identity.leaverRecords?.includes(r) ?? false));
}

/** Why a record both hold does not count: it is a leaver's, which a recycled address joins to a new hire. */
function leaverShared(identity: Identity, was: Identity): string {
  const shared = was.records.filter((r) => r !== was.anchor && identity.leaverRecords?.includes(r));
  if (shared.length === 0) return "";
  const one = shared.length === 1;
  return ` (${shared.join(", ")}, merged with ${was.anchor} then, ${one ? "is" : "are"} switched off in ${one ? "its source" : "their sources"} without ${identity.anchor}'s employee id: a leaver's record, which a recycled address joins to a new hire, is no evidence)`;
}

/** Both have a display name, and it is the same but for case, spacing and Unicode form. */
function sameName(a: Identity, b: Identity): boolean {
  const name = (x: Identity): string | undefined => (typeof x.attributes.displayName === "string" ? x.attributes.displayName.normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim() : undefined);
  const left = name(a);
  return left !== undefined && left !== "" && left === name(b);
}

/** Is `ref` ("source:externalId") the identity's anchor, a record merged into it, or an earlier anchor of theirs? Then it is the same person. */
export function holdsRecord(identity: Identity, ref: string): boolean {
  return identity.anchor === ref || identity.records.includes(ref) || identity.aliases.includes(ref) || (identity.formerAnchors?.includes(ref) ?? false);
}

function name(identity: Identity): string {
  return typeof identity.attributes.displayName === "string" ? ` (${identity.attributes.displayName})` : "";
}

/**
 * With `--base`: an app login (githubLogin) the base's desired state gives one identity and this
 * change gives another, people and NHIs alike. A bot's login given to a person in the same pull
 * request that changes the bot's (or the other way round) passes the account, with its teams and
 * the credentials that use it, and no snapshot knows an NHI's login. Reported once: a login the
 * snapshot check already reports for the identity is not reported again.
 */
export function baseLoginReuse(identities: readonly Identity[], base: readonly Identity[], attributes: readonly string[], ref: string, already: readonly Finding[]): Finding[] {
  const reported = new Set(already.filter((f) => f.rule === "login-reused").map((f) => f.identity));
  return appLoginsMoved(identities, attributes, (attribute) => {
    const before = new Map<string, Identity>();
    for (const b of base) {
      const login = loginOf(b, attribute);
      if (login !== undefined) before.set(normaliseLogin(login), b);
    }
    return before;
  }, (attribute, login, was, identity, at) => ({
    message: `the ${attribute} "${login}" is ${was.anchor}${name(was)}'s at ${ref} and ${identity.anchor}${name(identity)}'s in this change${at ? ` (${at})` : ""}: not known to be the same identity; the account of an app that links by ${attribute} would pass to them with what it holds, and ${was.anchor} would not be offboarded there`,
    remediation: `${was.kind !== "person" && identity.kind !== "person" && was.definedAt !== undefined ? `if ${identity.id} is ${was.id} renamed, list its old id in its file (formerIds: [${was.id}]); otherwise ` : ""}give ${identity.id} another ${attribute}; to move an account from one identity to another, remove it from the first in one reviewed pull request and give it to the second in a later one`,
  }), reported);
}
