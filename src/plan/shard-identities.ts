// A shard file goes to another job (the workflows upload it as an artifact), so it names an
// identity whose id looks like a secret (a key pasted into HR's UserID) as the plan does: by its
// anchor in changes and in what it holds after the plan, hidden in findings (masked-change-
// identities.ts, model/finding.ts maskFindings). `plan merge` decides by identity id, as one
// process does (rules look changes up by it, safety digests the ids it counts), so it gives each
// such identity its id back in memory, from the identities snapshot it reads anyway, before it
// finishes the plan; the plan is masked again once decided, and equals the one-process plan.
import type { Identity } from "../model/identity.js";
import { maskFindings } from "../model/finding.js";
import { maskSecretShapes } from "../model/secret-shapes.js";
import { shownIdentity } from "../model/shown-identity.js";
import type { AfterFacts } from "./after-facts.js";
import { maskChangeIdentities } from "./masked-change-identities.js";
import type { TargetPart } from "./target-part.js";

/** The identity ids shown by another name: id → its shown name, and the shown name (or a finding's masked text) → id. */
export interface HiddenIds {
  shown: ReadonlyMap<string, string>;
  ids: ReadonlyMap<string, string>;
}

/** The ids of `identities` that are shown by another name (shownIdentity). */
export function hiddenIds(identities: Iterable<Identity>): HiddenIds {
  const shown = new Map<string, string>();
  const ids = new Map<string, string>();
  for (const i of identities) {
    const name = shownIdentity(i.id, i.anchor);
    if (name === i.id) continue;
    shown.set(i.id, name);
    ids.set(name, i.id);
    ids.set(maskSecretShapes(i.id), i.id);
  }
  return { shown, ids };
}

/** The part and facts as a shard file holds them: no identity id that looks like a secret. */
export function hideShardIdentities(part: TargetPart, after: AfterFacts, hidden: HiddenIds): { part: TargetPart; after: AfterFacts } {
  if (hidden.shown.size === 0) return { part, after };
  const hide = (id: string) => hidden.shown.get(id) ?? id;
  return { part: renamed(part, hide, maskChangeIdentities(part.changes), maskFindings(part.findings)), after: renamedKeys(after, hide) };
}

/** The part and facts of a shard file with each hidden id given back, for `plan merge` to decide with. */
export function revealShardIdentities(part: TargetPart, after: AfterFacts, hidden: HiddenIds): { part: TargetPart; after: AfterFacts } {
  if (hidden.shown.size === 0) return { part, after };
  const reveal = (name: string) => hidden.ids.get(name) ?? name;
  // A change names the identity by its anchor only where its id is hidden (shownIdentity): an
  // account of a gone person named by the anchor keeps it.
  const changes = part.changes.map((c) => {
    const id = hidden.ids.get(c.identity);
    return id !== undefined && shownIdentity(id, c.anchor) === c.identity ? { ...c, identity: id } : c;
  });
  const findings = part.findings.map((f) => (f.identity !== undefined && hidden.ids.has(f.identity) ? { ...f, identity: reveal(f.identity) } : f));
  return { part: renamed(part, reveal, changes, findings), after: renamedKeys(after, reveal) };
}

/** The part with its changes and findings replaced and every other identity name mapped by `name`. */
function renamed(part: TargetPart, name: (id: string) => string, changes: TargetPart["changes"], findings: TargetPart["findings"]): TargetPart {
  const counted = part.limits.counted ? Object.fromEntries(Object.entries(part.limits.counted).map(([reason, ids]) => [reason, ids.map(name)])) : undefined;
  return {
    ...part,
    changes,
    findings,
    unaccounted: part.unaccounted.map((u) => ({ ...u, name: name(u.name) })),
    limits: { ...part.limits, ...(counted ? { counted } : {}) },
  };
}

/** The facts under each identity's name mapped by `name`. */
function renamedKeys(after: AfterFacts, name: (id: string) => string): AfterFacts {
  return Object.fromEntries(Object.entries(after).map(([id, facts]) => [name(id), facts]));
}
