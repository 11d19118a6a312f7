// The NHIs a leaver owned that are offboarded, and what of each keeps working that no plan revokes:
// a GitHub App installation, an IAM role an OIDC issuer may assume, a key a system no target is of
// issued, a credential a target can only name (`manualRevocation`). No vendor lets scopesync revoke
// those narrowly, so the findings name them (`stillWorking`, model/still-working.ts) with the step a
// person takes; without this the leavers report read "nothing outstanding" while the leaver's NHI
// still signed in. Each is outstanding until the export no longer shows it working: then the NHI
// is done, and the exports that show it, with their times, are the evidence.
import type { Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";
import type { LeaverNhi, LeaverNhiEvidence, LeaverNhiOutstanding } from "../model/leavers-report.js";
import { cmp } from "../model/finding.js";
import { groupBy } from "../model/group-by.js";
import { nhiOffboarding } from "../policy/lifecycle.js";

export interface LeaverNhiInput {
  identities: readonly Identity[];
  /** The plan's findings: those with `stillWorking` say what of an NHI keeps working. */
  findings: readonly Finding[];
  now: number;
  /** A source failed its gates or cannot be proven complete: an owner it lacks is unknown, not gone (lifecycle.ts). */
  missingUnknown: boolean;
  /** Each source's export time. */
  exportedAt?: ReadonlyMap<string, string>;
}

/** Per leaver's id: the offboarded NHIs they own (a file's `owner:`, or an owner their system names), sorted. */
export function leaverNhis(input: LeaverNhiInput): (leaver: string) => LeaverNhi[] {
  const byId = new Map(input.identities.map((i) => [i.id, i]));
  const owned = new Map<string, Identity[]>();
  for (const i of input.identities) {
    if (i.kind === "person") continue;
    const owners = new Set([...(i.owner ? [i.owner] : []), ...(i.systemOwners ?? []).flatMap((o) => (o.id ? [o.id] : []))]);
    for (const o of owners) {
      const list = owned.get(o);
      if (list) list.push(i);
      else owned.set(o, [i]);
    }
  }
  const working = groupBy(
    input.findings.flatMap((f) => (f.stillWorking ?? []).map((w) => ({ ...w, rule: f.rule }))),
    (w) => w.nhi,
  );
  return (leaver) =>
    (owned.get(leaver) ?? [])
      .flatMap((nhi): LeaverNhi[] => {
        const off = nhiOffboarding(nhi, byId, input.now, input.missingUnknown);
        if (!off) return [];
        const outstanding = merged(working.get(nhi.id) ?? []);
        return [{ nhi: nhi.id, kind: nhi.kind, offboarded: off.reason, outstanding, ...(outstanding.length === 0 ? { shownBy: shownBy(nhi, input.exportedAt) } : {}) }];
      })
      .sort((a, b) => cmp(a.nhi, b.nhi));
}

/** One line per credential and system, however many findings name it (an unrevocable key is named by two), with its rules. */
function merged(items: ReadonlyArray<{ credential: string; system: string; step: string; rule: string }>): LeaverNhiOutstanding[] {
  const byKey = new Map<string, LeaverNhiOutstanding>();
  for (const w of items) {
    const key = `${w.system}\u0000${w.credential}`;
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, { credential: w.credential, system: w.system, step: w.step, rules: [w.rule] });
    else if (!seen.rules.includes(w.rule)) seen.rules.push(w.rule);
  }
  for (const o of byKey.values()) o.rules.sort(cmp);
  return [...byKey.values()].sort((a, b) => cmp(a.system, b.system) || cmp(a.credential, b.credential));
}

/** The exports that reported the NHI, with their times; the file that declares it, for one no source reports. */
function shownBy(nhi: Identity, exportedAt: ReadonlyMap<string, string> | undefined): LeaverNhiEvidence[] {
  const sources = nhi.discoveredBy ?? [];
  if (sources.length === 0) return nhi.definedAt ? [{ file: nhi.definedAt }] : [];
  return sources.map((s) => {
    const at = exportedAt?.get(s);
    return at ? { source: s, exportedAt: at } : { source: s };
  });
}
