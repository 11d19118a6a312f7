// Person overlays (identities/**/Person files) meet the people the sources export. An overlay is
// keyed by a login; one that `import` wrote also says whose record it was written for (`anchor`).
// That anchor decides the two ways a login can stop naming the overlay's person: the login now
// names someone else (login-reused: the overlay is not applied, the plan is blocked), or the
// person now has another login (a rename: the overlay follows its anchor, overlay-login-stale).
import type { PersonDoc } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";
import type { Located } from "../model/located.js";
import { holdsRecord } from "./login-reuse.js";
import { addFormerId } from "./renames.js";

/** How an overlay keyed by an old login found its person: by its own anchor, or by the accepted snapshot. */
type Followed = { overlay: Located<PersonDoc>; order: number; identity: Identity; by: "anchor" | "snapshot" };

/**
 * Applies each overlay to its person: the identity with its login, else the person it was
 * renamed to (its `anchor` held by a person with another login, or the accepted snapshot's
 * rename, `renames`: old login → id). Overlays that follow a rename are applied first, so that
 * an overlay the person already has under the new login wins where both set an attribute.
 */
export function applyOverlays(people: readonly Located<PersonDoc>[], identities: ReadonlyMap<string, Identity>, renames: ReadonlyMap<string, string>, findings: Finding[]): void {
  const own: Array<{ overlay: Located<PersonDoc>; identity: Identity }> = [];
  const followed: Followed[] = [];
  const byAnchor = new Map<string, Array<{ overlay: Located<PersonDoc>; order: number }>>(); // overlays whose login names nobody
  people.forEach((overlay, order) => {
    const { id, anchor } = overlay.value;
    const at = `${overlay.file}:${overlay.line}`;
    const identity = identities.get(id);
    if (identity) {
      if (anchor !== undefined && !holdsRecord(identity, anchor)) {
        // Written for the person who had this login before: their facts (an app login, an import
        // marker) must not pass to the one who has it now.
        findings.push({ rule: "login-reused", severity: "error", identity: identity.id, message: `${at} was written for ${anchor}, but the login "${identity.id}" is now ${identity.anchor}: not known to be the same person; the overlay is not applied, and what it gave the login (app logins, imported accounts) would pass to them`, remediation: `give ${identity.anchor} another login in the source; if it is the same person under a new record, set anchor: ${identity.anchor} in ${at}`, location: at });
        return;
      }
      own.push({ overlay, identity });
      return;
    }
    const renamed = renames.get(id);
    const heir = renamed === undefined ? undefined : identities.get(renamed);
    if (heir && (anchor === undefined || holdsRecord(heir, anchor))) {
      followed.push({ overlay, order, identity: heir, by: "snapshot" });
      return;
    }
    if (anchor !== undefined) {
      const list = byAnchor.get(anchor) ?? byAnchor.set(anchor, []).get(anchor)!;
      list.push({ overlay, order });
      return;
    }
    findings.push(withoutPerson(overlay));
  });
  // One pass over the people for the few overlays left: who holds each one's anchor now.
  if (byAnchor.size > 0) {
    const take = (ref: string, identity: Identity): void => {
      const list = byAnchor.get(ref);
      if (!list) return;
      for (const { overlay, order } of list) followed.push({ overlay, order, identity, by: "anchor" });
      byAnchor.delete(ref);
    };
    for (const identity of identities.values()) {
      if (identity.kind !== "person") continue;
      take(identity.anchor, identity);
      for (const r of identity.records) take(r, identity);
      for (const r of identity.aliases) take(r, identity);
      if (byAnchor.size === 0) break;
    }
    for (const list of byAnchor.values()) for (const { overlay } of list) findings.push(withoutPerson(overlay));
  }
  for (const f of followed.sort((a, b) => a.order - b.order)) {
    addFormerId(f.identity, f.overlay.value.id);
    findings.push(stale(f));
    apply(f.overlay, f.identity);
  }
  for (const { overlay, identity } of own) apply(overlay, identity);
}

function apply(overlay: Located<PersonDoc>, identity: Identity): void {
  identity.definedAt = `${overlay.file}:${overlay.line}`;
  identity.breakGlass = overlay.value.breakGlass ?? false;
  for (const [key, value] of Object.entries(overlay.value.attributes ?? {})) {
    const p = overlay.locate(["attributes", key]);
    identity.attributes[key] = String(value);
    identity.provenance[key] = { source: "file", at: `${overlay.file}:${p.line}:${p.col}` };
  }
}

function withoutPerson(overlay: Located<PersonDoc>): Finding {
  const at = `${overlay.file}:${overlay.line}`;
  return { rule: "overlay-without-person", severity: "warning", identity: overlay.value.id, message: `Person overlay ${at} names "${overlay.value.id}", whom no source exported`, remediation: `if they left, remove the overlay once no plan offboards an account of theirs any more (its logins tie their accounts in apps that link by login to them${overlay.value.anchor !== undefined ? `, with its anchor ${overlay.value.anchor}` : ", or the last accepted snapshot, if it has them"}); otherwise fix the login`, location: at };
}

/** The overlay names the person's old login: it is applied to them, and the reviewer is asked to write the new one. */
function stale({ overlay, identity, by }: Followed): Finding {
  const at = `${overlay.file}:${overlay.line}`;
  const old = overlay.value.id;
  const how = by === "anchor" ? `it was written for ${overlay.value.anchor}, whom the sources now call "${identity.id}"` : `the last accepted snapshot gave "${old}" to ${identity.anchor}, whom the sources now call "${identity.id}"`;
  const until = by === "anchor" ? "while this overlay keeps the old id" : "while a file names it (each accepted snapshot keeps the rename until none does)";
  return {
    rule: "overlay-login-stale",
    severity: "warning",
    identity: identity.id,
    message: `${at} names "${old}", but ${how}: a rename; the overlay is applied to ${identity.id}, and what names "${old}" (explicit group memberships, an NHI's owner, the account of an app that links by login) stays ${identity.id}'s ${until}`,
    remediation: `in one pull request, change the overlay to id: ${identity.id}${by === "snapshot" ? ` with anchor: ${identity.anchor}` : ""} (and rename its file), and write ${identity.id} wherever a group or an NHI names ${old} (finding reference-login-stale)`,
    location: at,
  };
}
