// Which person holds each account of the target, decided only on evidence: the account's
// externalId naming a source record, the org's SAML identity, a login already written in a
// hand-written overlay, the person's login, an email address, or the e-mail invitation the account
// was recorded accepting where the org's SAML identity of it names the address
// (model/accepted-invitation.ts). A member recorded only because it fits such an invitation's role
// and teams is no one's by that (a member an owner added the same week fits too): it is left for a
// person to answer, and import says whose it may be. One candidate links; two or more never do
// (the account goes to the link proposals with the candidates named); none leaves it for a person
// to answer. Nothing is guessed from similar-looking names.
//
// A pending invitation sent to an e-mail address is no account to link: it has no GitHub login
// until someone accepts it under a login of their choice, and its "login" is the address. Linked,
// that address became the person's githubLogin, and the member they later became matched nobody.
// It is set aside with the person whose address it is (desired-state.ts says what import writes).
import { acceptanceAsserted, acceptedInvitationsOf } from "../model/accepted-invitation.js";
import type { Identity } from "../model/identity.js";
import { INVITED_EMAIL, invitationIdOf } from "../model/invited-email.js";
import { emailKey, normaliseLogin } from "../model/keys.js";
import type { TargetAccount } from "../model/target-state.js";

/** What else is known about an account than its TargetAccount: SAML identity, emails. */
export interface AccountEvidence {
  /** SAML NameID / SCIM userName / emails of the account's SAML identity (GitHub orgs with SAML). */
  saml?: { nameId?: string; userName?: string; emails: string[] };
  emails: string[];
}

/** An answer a person wrote into the link proposals file. */
export type Answer = { person: string } | { nhi: true } | { ignore: true };

export type LinkEvidence = "answer" | "externalId" | "saml" | "overlay" | "login" | "email" | "accepted-invitation";

export interface Linked { account: TargetAccount; person: Identity; by: LinkEvidence; detail: string }
export interface Unlinked { account: TargetAccount; why: string; candidates: string[] }
/** A pending e-mail invitation, and the one person the address is of (by their e-mail), if exactly one. */
export interface EmailInvitation { account: TargetAccount; address: string; person?: Identity; candidates: string[] }

/** An account that is a pending invitation to an e-mail address (targets/github/email-invitations.ts). */
export const isEmailInvitation = (a: TargetAccount): boolean => invitationIdOf(a.id) !== undefined && Boolean(a.attributes[INVITED_EMAIL]);

export interface LinkResult {
  linked: Linked[];
  unlinked: Unlinked[];
  /** Accounts a person answered `nhi` for. */
  nhi: TargetAccount[];
  ignored: TargetAccount[];
  /** Pending e-mail invitations: never linked, never proposed (there is no login to write). */
  invitations: EmailInvitation[];
  /** Members left unlinked that only fit an e-mail invitation that went (also in `unlinked`): whose they may be. */
  unconfirmed: Unconfirmed[];
}

/** A member recorded as fitting the e-mail invitation `invitation` to `address`, which is of `candidates`. */
export interface Unconfirmed { account: TargetAccount; invitation: string; address: string; candidates: string[] }

interface PeopleIndex {
  byRecord: Map<string, Identity[]>;
  byLogin: Map<string, Identity[]>;
  byEmail: Map<string, Identity[]>;
  byOverlayLogin: Map<string, Identity[]>;
  byId: Map<string, Identity>;
}

function push(map: Map<string, Identity[]>, key: string | undefined, person: Identity): void {
  if (!key) return;
  const list = map.get(key);
  if (!list) map.set(key, [person]);
  else if (!list.includes(person)) list.push(person);
}

const texts = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined || v === "" ? [] : [String(v)]);

/**
 * People by every key an account may carry. `loginAttribute` is the attribute a hand-written
 * overlay records this target's login in; values from import's own files do not count (they are
 * this function's earlier output, and would make a second run differ from the first).
 */
export function indexPeople(people: readonly Identity[], loginAttribute: string, isOwnFile: (at: string) => boolean): PeopleIndex {
  const index: PeopleIndex = { byRecord: new Map(), byLogin: new Map(), byEmail: new Map(), byOverlayLogin: new Map(), byId: new Map() };
  for (const p of people) {
    index.byId.set(p.id, p);
    for (const r of [p.anchor, ...p.records, ...p.aliases]) {
      push(index.byRecord, r, p);
      // Apps store the source's own id ("W1001"), not scopesync's "hr:W1001".
      push(index.byRecord, r.slice(r.indexOf(":") + 1), p);
    }
    for (const e of texts(p.attributes.employeeId)) push(index.byRecord, e, p);
    push(index.byLogin, normaliseLogin(p.id), p);
    for (const u of texts(p.attributes.userName)) push(index.byLogin, normaliseLogin(u), p);
    for (const e of [...texts(p.attributes.email), ...texts(p.attributes.emails)]) push(index.byEmail, emailKey(e), p);
    const overlay = p.provenance[loginAttribute];
    if (overlay?.source === "file" && !isOwnFile(overlay.at)) for (const l of texts(p.attributes[loginAttribute])) push(index.byOverlayLogin, normaliseLogin(l), p);
  }
  return index;
}

type Step = { by: LinkEvidence; keys: (a: TargetAccount, e: AccountEvidence) => string[]; map: (i: PeopleIndex) => Map<string, Identity[]> };

const STEPS: Step[] = [
  { by: "externalId", keys: (a) => (a.externalId ? [a.externalId] : []), map: (i) => i.byRecord },
  { by: "saml", keys: (_, e) => (e.saml ? [e.saml.nameId, e.saml.userName, ...e.saml.emails].filter((x): x is string => Boolean(x)).map(emailKey) : []), map: (i) => mergedLoginEmail(i) },
  { by: "overlay", keys: (a) => [normaliseLogin(a.login)], map: (i) => i.byOverlayLogin },
  { by: "login", keys: (a) => [normaliseLogin(a.login)], map: (i) => i.byLogin },
  // Many apps use the email address as the login (SCIM userName): it is an email too.
  { by: "email", keys: (a, e) => [...e.emails, ...(a.login.includes("@") ? [a.login] : [])].map(emailKey), map: (i) => i.byEmail },
  // A member recorded as having accepted one e-mail invitation (one only: a member that fits two is
  // no one's by this), whose SAML identity names the address, is the account of the person that
  // address is of. A record that rests on role and teams only is a guess, and links nobody.
  { by: "accepted-invitation", keys: (a) => { const r = acceptedInvitationsOf(a); return r.length === 1 && acceptanceAsserted(a) ? [emailKey(r[0]!.email)] : []; }, map: (i) => i.byEmail },
];

/**
 * The other evidence of an account that names someone other than `person`: an externalId of one
 * person on an account whose login and email are another's is a data error in the app (a copied
 * user, a reused record), not a link. Linked by the first step alone, the first person's leaving
 * would disable the second person's account.
 */
function contradictions(account: TargetAccount, e: AccountEvidence, index: PeopleIndex, decided: Step, person: string): { why: string; people: string[] } | undefined {
  const people = new Set<string>();
  const what: string[] = [];
  for (const step of STEPS) {
    if (step === decided) continue;
    const others = new Set<string>();
    for (const k of step.keys(account, e)) for (const p of step.map(index).get(k) ?? []) if (p.id !== person) others.add(p.id);
    if (others.size === 0) continue;
    what.push(`its ${step.by} names ${[...others].sort().join(" and ")}`);
    for (const p of others) people.add(p);
  }
  return people.size > 0 ? { why: what.join(", "), people: [...people] } : undefined;
}

const merged = new WeakMap<PeopleIndex, Map<string, Identity[]>>();
/** SAML NameIDs are emails or logins, depending on the identity provider: either may match. */
function mergedLoginEmail(i: PeopleIndex): Map<string, Identity[]> {
  let m = merged.get(i);
  if (!m) {
    m = new Map();
    for (const [k, v] of i.byEmail) for (const p of v) push(m, k, p);
    for (const [k, v] of i.byLogin) for (const p of v) push(m, k, p);
    merged.set(i, m);
  }
  return m;
}

export function linkAccounts(accounts: readonly TargetAccount[], evidence: ReadonlyMap<string, AccountEvidence>, index: PeopleIndex, answers: ReadonlyMap<string, Answer>): LinkResult {
  const result: LinkResult = { linked: [], unlinked: [], nhi: [], ignored: [], invitations: [], unconfirmed: [] };
  for (const account of accounts) {
    if (isEmailInvitation(account)) {
      const address = account.attributes[INVITED_EMAIL]!;
      const people = index.byEmail.get(emailKey(address)) ?? [];
      result.invitations.push({ account, address, ...(people.length === 1 ? { person: people[0]! } : {}), candidates: people.map((p) => p.id).sort() });
      continue;
    }
    const answer = answers.get(account.id);
    if (answer && "nhi" in answer) { result.nhi.push(account); continue; }
    if (answer && "ignore" in answer) { result.ignored.push(account); continue; }
    if (answer && "person" in answer) {
      const person = index.byId.get(answer.person);
      if (person) result.linked.push({ account, person, by: "answer", detail: "answered in the link proposals" });
      else result.unlinked.push({ account, why: `the answer "${answer.person}" names no person from the sources`, candidates: [] });
      continue;
    }
    const e = evidence.get(account.id) ?? { emails: [] };
    let decided = false;
    for (const step of STEPS) {
      const keys = step.keys(account, e);
      const found = new Map<string, Identity>();
      for (const k of keys) for (const p of step.map(index).get(k) ?? []) found.set(p.id, p);
      if (found.size === 0) continue;
      const candidates = [...found.keys()].sort();
      const contradicted = found.size === 1 ? contradictions(account, e, index, step, candidates[0]!) : undefined;
      if (contradicted) result.unlinked.push({ account, why: `its ${step.by} names ${candidates[0]}, but ${contradicted.why}`, candidates: [...candidates, ...contradicted.people].sort() });
      else if (found.size === 1) result.linked.push({ account, person: found.get(candidates[0]!)!, by: step.by, detail: keys.join(", ") });
      else result.unlinked.push({ account, why: `its ${step.by} matches ${candidates.length} people`, candidates });
      decided = true;
      break;
    }
    if (decided) continue;
    const guessed = acceptanceAsserted(account) ? [] : acceptedInvitationsOf(account);
    if (guessed.length === 0) {
      result.unlinked.push({ account, why: "no externalId, SAML identity, login or email matches a person from the sources", candidates: [] });
      continue;
    }
    // Only fits invitations that went: whose it may be is said, and a person answers.
    const said = guessed.map((r) => ({ ...r, candidates: (index.byEmail.get(emailKey(r.email)) ?? []).map((p) => p.id).sort() }));
    for (const r of said) result.unconfirmed.push({ account, invitation: r.invitation, address: r.email, candidates: r.candidates });
    const candidates = [...new Set(said.flatMap((r) => r.candidates))].sort();
    result.unlinked.push({ account, why: `it joined when the e-mail invitation${said.length > 1 ? "s" : ""} ${said.map((r) => `${r.invitation} to ${r.email}`).join(" and ")} went and holds ${said.length > 1 ? "their" : "its"} role and teams, which does not say whose it is (a member an owner added then fits too)`, candidates });
  }
  // One person, two accounts: neither is linked by evidence alone (an answer decides).
  const byPerson = new Map<string, Linked[]>();
  for (const l of result.linked) byPerson.set(l.person.id, [...(byPerson.get(l.person.id) ?? []), l]);
  const kept: Linked[] = [];
  for (const list of byPerson.values()) {
    const answered = list.filter((l) => l.by === "answer");
    if (list.length === 1 || answered.length === 1) {
      kept.push(answered[0] ?? list[0]!);
      for (const l of list) if (l !== (answered[0] ?? list[0])) result.unlinked.push({ account: l.account, why: `${l.person.id} already holds another account here`, candidates: [l.person.id] });
      continue;
    }
    for (const l of list) result.unlinked.push({ account: l.account, why: `${list.length} accounts link to ${l.person.id}`, candidates: [l.person.id] });
  }
  result.linked = kept.sort((a, b) => cmp(a.account.id, b.account.id));
  result.unlinked.sort((a, b) => cmp(a.account.id, b.account.id));
  result.invitations.sort((a, b) => cmp(a.account.id, b.account.id));
  result.unconfirmed.sort((a, b) => cmp(a.account.id, b.account.id) || cmp(a.invitation, b.invitation));
  return result;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
