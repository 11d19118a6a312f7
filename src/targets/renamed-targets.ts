// A target renamed in scopesync.yaml (`github:` → `gh:`) with the same type, the same system (org
// or url), the same state file and the same options is the same downstream system under a new
// name. `plan --base` took the rename for a removal plus a new target: every revocation the base
// planned under the old name was "cancelled, nothing plans them", and every change under the new
// name was the pull request's own, although the same plan made them all. Terraform's `moved` is the
// model: a rename is recognised, moves nothing and changes nothing. What does change is the name
// the apply journal's records carry: `formerNames` on the new entry says that the old name's
// history (what earlier offboardings took, the logins accounts had, the invitations scopesync
// cancelled) is this target's; a rename without it is refused by the plan (target-renamed).
import { canonicalJson } from "../model/canonical-json.js";
import type { TargetRename } from "../model/base-target-change.js";
import type { ProjectConfig, TargetConfig } from "../model/documents.js";
import { statePath } from "./state-file.js";
import type { TargetRead } from "./read-targets.js";

/** What a target entry reads: its type, state file and the system it connects to. */
export function targetReads(name: string, t: TargetConfig): string {
  return canonicalJson({ type: t.type, state: statePath(name, t), url: t.url ?? null, org: t.org ?? null, options: t.options ?? null }, 0);
}

/**
 * The base's targets this change renamed, by their base name: a new entry that names the old one in
 * formerNames, or, undeclared, the one new entry that reads what the old one read. An old name with
 * no such heir is a removal (base-target-reads.ts).
 */
export function targetRenames(base: ProjectConfig, pr: ProjectConfig): Map<string, TargetRename> {
  const out = new Map<string, TargetRename>();
  const added = Object.keys(pr.targets).filter((name) => !base.targets[name]).sort();
  for (const from of Object.keys(base.targets).sort()) {
    if (pr.targets[from]) continue;
    const reads = targetReads(from, base.targets[from]!);
    const declared = added.find((to) => pr.targets[to]!.formerNames?.includes(from));
    const formerSystem = systemInWords(from, base.targets[from]!);
    if (declared !== undefined) {
      out.set(from, { from, to: declared, declared: true, same: targetReads(declared, pr.targets[declared]!) === reads, formerSystem, system: systemInWords(declared, pr.targets[declared]!) });
      continue;
    }
    const same = added.filter((to) => targetReads(to, pr.targets[to]!) === reads);
    // Two new entries reading the old system: which one is its heir is the author's to say (formerNames).
    if (same.length === 1) out.set(from, { from, to: same[0]!, declared: false, same: true, formerSystem, system: systemInWords(same[0]!, pr.targets[same[0]!]!) });
  }
  return out;
}

/** What an entry reads, for a reviewer: its type, the system it connects to, its state file. */
function systemInWords(name: string, t: TargetConfig): string {
  const system = t.org !== undefined ? ` org ${t.org}` : t.url !== undefined ? ` at ${t.url}` : "";
  return `${t.type}${system}, state ${statePath(name, t)}${t.options ? `, options ${canonicalJson(t.options, 0)}` : ""}`;
}

/**
 * The base's plan of each renamed target is made over this change's read of it under its new name:
 * the same state, so the same changes (plan/renamed-targets.ts gives them the new name).
 */
export function baseReadsOfRenamed(reads: ReadonlyMap<string, TargetRead>, renames: ReadonlyMap<string, TargetRename>): Map<string, TargetRead> {
  const out = new Map<string, TargetRead>();
  for (const r of renames.values()) {
    const read = reads.get(r.to);
    if (r.same && read) out.set(r.from, read);
  }
  return out;
}

/** The names the apply journal may have recorded target `name`'s changes under: its own, then its former names. */
export function journalNames(config: ProjectConfig, name: string): string[] {
  return [name, ...(config.targets[name]?.formerNames ?? [])];
}

/** Former name → the target that has it now (formerNames), for reading the journal under today's names. */
export function formerTargetNames(config: ProjectConfig): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, target] of Object.entries(config.targets)) for (const former of target.formerNames ?? []) if (!config.targets[former]) out.set(former, name);
  return out;
}
