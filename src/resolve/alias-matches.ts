// An administrator who removes a leaver often adds the leaver's address to their manager as an
// alias, so that mail keeps arriving (Google's delete-user help points to it; Exchange admins do
// the same with a proxyAddresses "smtp:" entry). The manager's directory user then holds the
// leaver's address: correlation by e-mail joined the leaver's HR record to it beside the manager's
// own, the three were `disputed`, the leaver was never offboarded and the plan was blocked (rv102
// H1). An alias only says where mail is delivered; the primary address and the ids say who the user
// is. So an alias that matches a record of a source whose other record the user's own keys already
// match is set aside, with a warning naming it: the user joins the record their own keys name, and
// the alias's record stays apart (a leaver is then offboarded). An alias that matches nothing else
// of that source (a renamed user's old address) still joins, as before.
import type { Finding } from "../model/finding.js";
import { recordRef } from "../model/keys.js";
import type { SourceRecord } from "../model/source-record.js";
import { keyValues, ownKeyValues, type CorrelationKey } from "./key-values.js";

export interface AliasesSetAside {
  /** Record → the alias values (as keyValues gives them) that do not correlate it. */
  values: Map<number, Set<string>>;
  /** Record → the warnings about it, for the identity it becomes (Cluster.findings). */
  findings: Map<number, Finding[]>;
}

export interface AliasDecisions {
  /** A reviewed `links` entry joins the two records. */
  linked: (a: number, b: number) => boolean;
  /** A reviewed `separate` entry keeps the two records apart. */
  separated: (a: number, b: number) => boolean;
}

/**
 * The aliases that must not correlate their record: each matches a record of another source while
 * the record's own keys (primary address, userName, employeeId) match a different record of that
 * same source (one no `separate` entry keeps it from), and neither its own keys nor a `links`
 * entry join it to the alias's record.
 */
export function aliasesSetAside(records: readonly SourceRecord[], keys: readonly CorrelationKey[], decisions: AliasDecisions): AliasesSetAside {
  const out: AliasesSetAside = { values: new Map(), findings: new Map() };
  const holders = records.flatMap((r, i) => (r.aliases !== undefined && r.aliases.length > 0 ? [i] : []));
  if (holders.length === 0 || !keys.includes("email")) return out;
  const own = ownMatches(records, keys, holders);
  const aliasOf = new Map<string, number[]>();
  for (const h of holders) for (const v of aliasValues(records[h]!)) add(aliasOf, v, h);
  records.forEach((r, i) => {
    for (const v of keyValues(r, "email")) {
      for (const h of aliasOf.get(v) ?? []) {
        if (r.source === records[h]!.source || own.get(h)?.has(i) || decisions.linked(h, i)) continue;
        const other = [...(own.get(h)?.entries() ?? [])].find(([p]) => p !== i && records[p]!.source === r.source && !decisions.separated(h, p));
        if (other === undefined) continue;
        const set = out.values.get(h) ?? new Set<string>();
        if (set.has(v)) continue;
        set.add(v);
        out.values.set(h, set);
        const list = out.findings.get(h) ?? [];
        list.push(setAsideFinding(records, h, v, i, other[0], other[1]));
        out.findings.set(h, list);
      }
    }
  });
  return out;
}

/** Holder → the records of other sources its own keys match, each with the first key that did ("email \"mia@acme.example\""). */
function ownMatches(records: readonly SourceRecord[], keys: readonly CorrelationKey[], holders: readonly number[]): Map<number, Map<number, string>> {
  const wanted = new Map<string, number[]>();
  for (const h of holders) for (const key of keys) for (const v of ownKeyValues(records[h]!, key)) add(wanted, `${key}\0${v}`, h);
  const own = new Map<number, Map<number, string>>();
  records.forEach((r, i) => {
    for (const key of keys) {
      for (const v of ownKeyValues(r, key)) {
        for (const h of wanted.get(`${key}\0${v}`) ?? []) {
          if (r.source === records[h]!.source) continue;
          const matched = own.get(h) ?? new Map<number, string>();
          if (!matched.has(i)) matched.set(i, `${key} "${v}"`);
          own.set(h, matched);
        }
      }
    }
  });
  return own;
}

function aliasValues(r: SourceRecord): string[] {
  const own = new Set(ownKeyValues(r, "email"));
  return keyValues(r, "email").filter((v) => !own.has(v));
}

function add(map: Map<string, number[]>, key: string, i: number): void {
  const list = map.get(key);
  if (list) {
    if (!list.includes(i)) list.push(i);
  } else map.set(key, [i]);
}

function setAsideFinding(records: readonly SourceRecord[], h: number, alias: string, matched: number, joined: number, why: string): Finding {
  const ref = (i: number): string => recordRef(records[i]!.source, records[i]!.externalId);
  const [holder, other] = [records[h]!, records[matched]!];
  return {
    rule: "alias-match-set-aside",
    severity: "warning",
    message: `${ref(h)} holds "${alias}" as an alias, which is ${ref(matched)}'s address, but ${why} joins it to ${ref(joined)} of the same source: the alias is not used to correlate, and ${ref(matched)} is kept apart (${other.status}) rather than disputing both (an address kept on a manager after its owner left, often)`,
    remediation: `nothing to do if ${alias} was kept on ${holder.userName || ref(h)} for the mail of someone who left; if ${ref(h)} and ${ref(matched)} are one person, say so in identities/links.yaml: links: [{ records: [${ref(h)}, ${ref(matched)}], reason: … }]`,
    location: `${holder.source} ${holder.position}`,
  };
}
