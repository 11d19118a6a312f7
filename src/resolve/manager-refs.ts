// Sources name a manager their own way: a csv's ManagerID is the manager's worker id (the anchor),
// Entra's and SCIM's the manager's record id (the anchor too), LDAP's a DN, Google's an e-mail,
// Okta's managerId whatever the organisation puts there (a record id, an employee number, the
// manager's e-mail or Okta login: getManagerUser("active_directory").email or .login, the login
// being the AD UPN, which may differ from the e-mail; support.okta.com "How to Map the Manager
// Email/UPN from AD"). The login is looked up only among the records of sources whose userName is
// a sign-in name of the directory (okta's profile.login), not a name an adapter made up. One
// map holding every kind of id let a later record win a shared value: a ManagerID that is one
// worker's WorkerID and another's EmployeeID (BambooHR numbers both from 1) named the other worker,
// who could become their own manager. Each kind now has its own map, looked up in a fixed order
// (the anchor first, as an HR system means its manager column), and a reference that names
// different people by different kinds of id, or no one, is said rather than settled in silence.
// A reference that names no record of its own source is looked up in the sources the source's
// `managerLookup` lists, in that order (an Okta profile.managerId that holds the HR worker id): the
// first source where it names someone decides, never a source nobody listed, and the identity's
// provenance says where the manager was found, for explain.
// The merge keeps one source's reference (the authoritative or first source's), and the others'
// were dropped: when HR's named no one (the manager not in HR's export, or a ManagerID that lost
// its zeros) while Okta's named the manager, the person had no manager though a source knew it.
// Such a person now takes the next source's reference (precedence order) that names one person,
// and explain says whose reference was used and why; manager-ref-unresolved still names the
// reference that named no one, since its source's data is wrong all the same.
import type { Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";
import { tryDnKey } from "../model/dn.js";
import { firstNamed } from "../model/first-named.js";
import { withFound } from "../model/found-provenance.js";
import { emailKey, withoutLeadingZeros } from "../model/keys.js";
import type { SourceRecord } from "../model/source-record.js";

type RefKind = "anchor" | "employeeId" | "email" | "login" | "dn";

/** The order a reference is tried in: the record's own anchor first, a DN last. */
const KINDS: readonly RefKind[] = ["anchor", "employeeId", "email", "login", "dn"];
const KIND_NAMES: Record<RefKind, string> = { anchor: "anchor (worker id)", employeeId: "employeeId", email: "e-mail", login: "Okta login", dn: "DN" };

/** A login as looked up: Okta compares logins without regard to case. */
const loginKey = (value: string): string => value.trim().toLowerCase();

/** How many rows a finding names; the count says how many there are. */
const SHOWN = 3;

/**
 * The identity id of the records that have a key: the id itself for the one record nearly every
 * key names (a list per key was several hundred thousand arrays at 100k people, each searched on every insert), a
 * list of them when records of different identities share it.
 */
type Ids = string | string[];
/** A kind of id a reference is, and the identities it names by it. */
interface Match { kind: RefKind; ids: readonly string[] }
/** Where a reference names someone: the source, and each kind of id it names them by. */
interface Found { source: string; matches: readonly Match[] }
/**
 * One source's records by each kind of id, key → Ids. `alone` keeps, per kind, the Found of a
 * reference that names one identity by that kind only (nearly every reference): made once per
 * manager, not once per person (a person's lookup allocates nothing then).
 */
interface SourceLookup { source: string; keys: Record<RefKind, Map<string, Ids>>; alone: Record<RefKind, Map<string, Found>> }
/** A person whose manager came from another source's reference, because the chosen one named no one (or two people). */
interface FellBack { source: string; at: string; ref: string; by: string }
/**
 * Each source's records by each kind of id, where each source's references are looked up after its
 * own records, and the people (by identity id) whose manager another source's reference gave.
 */
export interface ManagerLookup { bySource: Map<string, SourceLookup>; order: ReadonlyMap<string, readonly string[]>; fellBack: Map<string, FellBack> }

/** The first source, of the reference's own and then its managerLookup's, where the reference names someone, with what it names there. */
function lookUp(lookup: ManagerLookup, source: string, ref: string): Found | undefined {
  const found = foundIn(lookup.bySource.get(source), ref);
  if (found !== undefined) return found;
  for (const s of lookup.order.get(source) ?? []) {
    const further = foundIn(lookup.bySource.get(s), ref);
    if (further !== undefined) return further;
  }
  return undefined;
}

/** A row a finding names: where the source gave the reference, and what it says of it. */
interface Row { at: string; text: string }

/**
 * Resolves each identity's manager reference to the manager's identity id among the records of the
 * source that gave it: `manager` when it names one person, else `managerRef` keeps it as written.
 * Returns the lookup (for unresolvedManagerFindings, run once failed sources' people are held)
 * and a finding per source whose references name different people by different kinds of id.
 */
export function resolveManagers(
  records: readonly SourceRecord[],
  identityOfRecord: readonly string[],
  identities: Map<string, Identity>,
  order: ReadonlyMap<string, readonly string[]>,
  /** The sources whose userName is the directory's login (okta): a reference may name the manager by it. */
  loginSources: ReadonlySet<string> = new Set(),
): { lookup: ManagerLookup; findings: Finding[] } {
  const lookup: ManagerLookup = { bySource: new Map(), order, fellBack: new Map() };
  records.forEach((r, i) => {
    let bySource = lookup.bySource.get(r.source);
    if (!bySource) lookup.bySource.set(r.source, (bySource = sourceLookup(r.source)));
    const id = identityOfRecord[i]!;
    const keys = bySource.keys;
    addId(keys.anchor, r.externalId, id);
    addId(keys.employeeId, r.employeeId, id);
    for (const e of r.emails) addId(keys.email, emailKey(e), id);
    if (loginSources.has(r.source)) addId(keys.login, loginKey(r.userName), id);
    if (typeof r.raw.dn === "string" && r.raw.dn.includes("=")) addId(keys.dn, tryDnKey(r.raw.dn), id);
  });
  const ambiguous = new Map<string, Row[]>(); // source → one row per reference
  const unresolved: Identity[] = [];
  for (const identity of identities.values()) {
    const ref = identity.attributes.manager;
    const from = identity.provenance.manager;
    if (typeof ref !== "string" || !from) continue;
    const found = lookUp(lookup, from.source, ref);
    const matches = found?.matches ?? [];
    const chosen = matches[0];
    const id = chosen?.ids.length === 1 ? chosen.ids[0] : undefined;
    if (id !== undefined) {
      identity.attributes.manager = id;
      identity.provenance.manager = withFound(from, foundText(from.source, found!.source, chosen!.kind));
    } else {
      identity.attributes.managerRef = ref;
      delete identity.attributes.manager;
      unresolved.push(identity);
    }
    // One person named: a key's ids are distinct, and a later kind is kept only for an id no earlier one named (foundIn).
    if (matches.length === 0 || (matches.length === 1 && chosen!.ids.length === 1)) continue;
    const named = matches.map((m) => `the ${KIND_NAMES[m.kind]} of ${m.ids.join(" and ")}`).join(", ") + (found!.source === from.source ? "" : ` in ${found!.source}`);
    // Whether another source's reference gave a manager is known only below: said there, by explain.
    const outcome = id !== undefined ? `resolved by the ${KIND_NAMES[chosen!.kind]} to ${id}` : "left unresolved by it (managerRef, unless another source's reference names the manager)";
    const lines = ambiguous.get(from.source) ?? [];
    lines.push({ at: from.at, text: `${from.at} (${identity.id}) gives ${JSON.stringify(ref)}, ${named}: ${outcome}` });
    ambiguous.set(from.source, lines);
  }
  if (unresolved.length > 0) fallBack(records, identityOfRecord, unresolved, lookup);
  const findings = [...ambiguous].map(([source, lines]): Finding => ({
    rule: "manager-ref-ambiguous",
    severity: "warning",
    message: `${lines.length} manager reference${lines.length === 1 ? "" : "s"} of source "${source}" name${lines.length === 1 ? "s" : ""} different people by different kinds of id: ${firstNamed(lines.map((l) => l.text), SHOWN)}. A reference is tried as the ${KINDS.map((k) => KIND_NAMES[k]).join(", then ")}`,
    remediation: `make the manager column hold the manager's anchor (a csv's ManagerID is the manager's WorkerID); if it holds another kind of id, export the anchor instead, or make the ids of the two kinds distinct`,
    location: `${source} ${lines[0]!.at}`,
  }));
  return { lookup, findings };
}

/** The one person `ref` of `source` names (in its own records, then its managerLookup's), with where; undefined for no one or two. */
function resolveOne(lookup: ManagerLookup, source: string, ref: string): { id: string; found: string } | undefined {
  const found = lookUp(lookup, source, ref);
  const chosen = found?.matches[0];
  if (!found || chosen?.ids.length !== 1) return undefined;
  return { id: chosen.ids[0]!, found: foundText(source, found.source, chosen.kind) };
}

/**
 * Where a reference of `source` found its manager, for explain: "hr by anchor (worker id)". One
 * string per source, source searched and kind, shared by every person: built per person, the
 * texts were 600k strings (17 MB) at 300k people, nearly all "hr by anchor (worker id)".
 */
const foundTexts = new Map<string, string>();
function foundText(source: string, foundIn: string, kind: RefKind): string {
  const key = `${source}\0${foundIn}\0${kind}`;
  let text = foundTexts.get(key);
  if (text === undefined) foundTexts.set(key, (text = `${foundIn} by ${KIND_NAMES[kind]}${foundIn === source ? "" : `, after no record of ${source} (managerLookup)`}`));
  return text;
}

/**
 * Gives each of `unresolved` (whose chosen reference named no one, or two people) the manager the
 * first other record of theirs names, in precedence order (`records` is in it), and records the
 * fallback for explain and manager-ref-unresolved. One pass over the records, for only those people.
 */
function fallBack(records: readonly SourceRecord[], identityOfRecord: readonly string[], unresolved: readonly Identity[], lookup: ManagerLookup): void {
  const waiting = new Map(unresolved.map((identity) => [identity.id, identity]));
  records.forEach((r, i) => {
    const identity = waiting.get(identityOfRecord[i]!);
    const from = identity?.provenance.manager;
    const ref = identity?.attributes.managerRef;
    if (!identity || !from || typeof ref !== "string" || !r.manager || (r.source === from.source && r.position === from.at)) return;
    const resolved = resolveOne(lookup, r.source, r.manager);
    if (resolved === undefined) return;
    waiting.delete(identity.id);
    identity.attributes.manager = resolved.id;
    delete identity.attributes.managerRef;
    const why = lookUp(lookup, from.source, ref) === undefined ? "names no one" : "names more than one person";
    identity.provenance.manager = { source: r.source, at: r.position, rule: `fallback: ${from.source}'s reference ${JSON.stringify(ref)} ${why}`, found: resolved.found };
    lookup.fellBack.set(identity.id, { source: from.source, at: from.at, ref, by: r.source });
  });
}

function sourceLookup(source: string): SourceLookup {
  const maps = <T>(): Record<RefKind, Map<string, T>> => ({ anchor: new Map(), employeeId: new Map(), email: new Map(), login: new Map(), dn: new Map() });
  return { source, keys: maps<Ids>(), alone: maps<Found>() };
}

/** Records that `id` has `key` (none when the record has no such id). */
function addId(map: Map<string, Ids>, key: string | undefined, id: string): void {
  if (!key) return;
  const had = map.get(key);
  if (had === undefined) map.set(key, id);
  else if (typeof had === "string") {
    if (had !== id) map.set(key, [had, id]);
  } else if (!had.includes(id)) had.push(id);
}

/** The key `ref` is looked up under as an id of `kind`; a kind no record of the source has is never asked (foundIn). */
function keyOf(kind: RefKind, ref: string): string | undefined {
  if (kind === "email") return emailKey(ref);
  if (kind === "login") return loginKey(ref);
  if (kind === "dn") return ref.includes("=") ? tryDnKey(ref) : undefined;
  return ref;
}

const namesOnly = (ids: Ids, id: string): boolean => (typeof ids === "string" ? ids === id : ids.every((other) => other === id));

/**
 * Where `ref` names someone among the source's records, with each kind of id it is, in lookup
 * order, and the identities it names by it; undefined when it names no one.
 */
function foundIn(bySource: SourceLookup | undefined, ref: string): Found | undefined {
  if (!bySource) return undefined;
  // The first kind that names someone, while it names one identity: no list is made for it.
  let firstKind: RefKind | undefined;
  let firstId = "";
  let matches: Match[] | undefined;
  for (const kind of KINDS) {
    const map = bySource.keys[kind];
    // The login map is empty but for Okta's records, the DN map for a csv's: no key is made for them.
    if (map.size === 0) continue;
    const key = keyOf(kind, ref);
    const ids = key === undefined ? undefined : map.get(key);
    if (ids === undefined) continue;
    // A kind that names only people an earlier kind named adds nothing (a csv without an
    // EmployeeID column has the worker id as employeeId, the same person).
    if (firstKind !== undefined && namesOnly(ids, firstId)) continue;
    if (matches === undefined && firstKind === undefined && typeof ids === "string") {
      firstKind = kind;
      firstId = ids;
      continue;
    }
    matches ??= firstKind === undefined ? [] : [{ kind: firstKind, ids: [firstId] }];
    const named = typeof ids === "string" ? [ids] : ids;
    if (named.some((id) => !matches!.some((m) => m.ids.includes(id)))) matches.push({ kind, ids: named });
  }
  if (matches !== undefined) return { source: bySource.source, matches };
  return firstKind === undefined ? undefined : alone(bySource, firstKind, firstId);
}

/** The Found of a reference naming only `id`, by `kind`: one per manager, shared by their reports. */
function alone(bySource: SourceLookup, kind: RefKind, id: string): Found {
  const byId = bySource.alone[kind];
  let found = byId.get(id);
  if (found === undefined) byId.set(id, (found = { source: bySource.source, matches: [{ kind, ids: [id] }] }));
  return found;
}

/**
 * One warning per source whose manager references match no record of it: a spreadsheet that
 * dropped the leading zeros of ManagerID (but not of WorkerID) leaves every manager unresolved,
 * and a `where: { manager: … }` birthright quietly matches no one. Run after the holds (held.ts):
 * a reference to a held person's gone record names them again, so it is no unresolved one; a held
 * identity is as the last accepted snapshot had them, and is not counted.
 */
export function unresolvedManagerFindings(identities: Iterable<Identity>, lookup: ManagerLookup): Finding[] {
  const bySource = new Map<string, { refs: number; rows: Array<Row & { ref: string }>; fellBack: number }>();
  for (const identity of identities) {
    if (identity.held !== undefined) continue;
    const fell = lookup.fellBack.get(identity.id);
    // A reference that named no one is its source's, whichever source's reference gave the manager.
    if (fell !== undefined && identity.provenance.manager?.source === fell.by) {
      const counted = bySource.get(fell.source) ?? { refs: 0, rows: [], fellBack: 0 };
      counted.refs++;
      bySource.set(fell.source, counted);
      if (lookUp(lookup, fell.source, fell.ref) !== undefined) continue;
      counted.fellBack++;
      counted.rows.push({ at: fell.at, ref: fell.ref, text: `${fell.at} (${identity.id}) gives ${JSON.stringify(fell.ref)} (their manager is ${String(identity.attributes.manager)}, by ${fell.by}'s reference)` });
      continue;
    }
    const from = identity.provenance.manager;
    if (!from) continue;
    const ref = identity.attributes.managerRef;
    const counted = bySource.get(from.source) ?? { refs: 0, rows: [], fellBack: 0 };
    counted.refs++;
    bySource.set(from.source, counted);
    // An ambiguous reference is left as managerRef too: manager-ref-ambiguous says so.
    if (typeof ref !== "string" || lookUp(lookup, from.source, ref) !== undefined) continue;
    counted.rows.push({ at: from.at, ref, text: `${from.at} (${identity.id}) gives ${JSON.stringify(ref)}` });
  }
  const findings: Finding[] = [];
  for (const [source, { refs, rows, fellBack }] of bySource) {
    if (rows.length === 0) continue;
    const none = rows.length - fellBack;
    const outcome =
      fellBack === 0
        ? "so those people have no manager (managerRef keeps the reference as written)"
        : none === 0
          ? `so ${rows.length === 1 ? "that person's" : "those people's"} manager is the one another source's reference names (explain says whose)`
          : `so ${none} of those people have no manager (managerRef keeps the reference as written), and ${fellBack} have the one another source's reference names (explain says whose)`;
    // Only the rows shown get the hint: each looks through the source's ids once.
    const lines = rows.map((r, i) => (i < SHOWN ? `${r.text}${zerosHint(lookup.bySource.get(source), r.ref)}` : r.text));
    const also = lookup.order.get(source) ?? [];
    findings.push({
      rule: "manager-ref-unresolved",
      severity: "warning",
      message: `${lines.length} of ${refs} manager references of source "${source}" match no record of it${also.length > 0 ? ` nor of ${also.join(" or ")} (managerLookup)` : ""}, ${outcome}: ${firstNamed(lines, SHOWN)}`,
      remediation: `write the manager's anchor exactly as the source writes it (a spreadsheet drops the leading zeros of a column it reads as numbers: format the column as text before saving); a manager another source exports is found there once sources.${source}.managerLookup lists it`,
      location: `${source} ${rows[0]!.at}`,
    });
  }
  return findings;
}

/** ` (did you mean "000100", the anchor of alex.doe?)` when the reference differs from one only by leading zeros. */
function zerosHint(bySource: SourceLookup | undefined, ref: string): string {
  if (!bySource || !/^\d+$/.test(ref)) return "";
  const bare = withoutLeadingZeros(ref);
  for (const kind of ["anchor", "employeeId"] as const) {
    for (const [key, ids] of bySource.keys[kind]) {
      if (/^\d+$/.test(key) && withoutLeadingZeros(key) === bare) return ` (did you mean ${JSON.stringify(key)}, the ${KIND_NAMES[kind]} of ${typeof ids === "string" ? ids : ids.join(" and ")}? they differ only in leading zeros)`;
    }
  }
  return "";
}
