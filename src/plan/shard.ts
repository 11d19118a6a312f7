// A plan shard: one target's part of a plan (`plan --target NAME`), and what `plan merge` needs to
// finish the plan from all of them: which inputs it was planned from, and what the target's
// identities hold after the plan for the rules that cross targets.
import type { Change } from "../model/change.js";
import { ScopesyncError } from "../model/errors.js";
import { jsonSyntaxProblem } from "../model/json-error.js";
import type { AfterFacts } from "./after-facts.js";
import type { TargetPart } from "./target-part.js";

export const SHARD_KIND = "scopesync-plan-shard";
export const SHARD_FORMAT_VERSION = 1;

export interface PlanShard {
  kind: typeof SHARD_KIND;
  formatVersion: typeof SHARD_FORMAT_VERSION;
  /** The identities snapshot's fingerprint: every shard of one plan has the same. */
  identities: string;
  /** The time the plan is made for (`--now`), ISO 8601. */
  now: string;
  /** With a base revision: this PR's changes are marked (origin "pr") against it. */
  base?: string;
  part: TargetPart;
  after: AfterFacts;
  /**
   * The order the planner listed each change's attributes in (policy mapping order, then login
   * and externalId), by the change's position in `part.changes`, for the changes where it is not
   * name order. The shard is canonical JSON, which sorts every object's keys; without this the
   * merged plan's text and Markdown would list them in name order, unlike the one-process plan.
   */
  attributeOrder?: Record<string, string[]>;
}

/** The attribute order of the changes whose attributes are not in name order, for PlanShard.attributeOrder. */
export function attributeOrderOf(changes: readonly Change[]): Record<string, string[]> | undefined {
  let out: Record<string, string[]> | undefined;
  changes.forEach((c, i) => {
    if (!c.attributes) return;
    const names = Object.keys(c.attributes);
    if (names.some((n, k) => k > 0 && names[k - 1]! > n)) (out ??= {})[String(i)] = names;
  });
  return out;
}

/** The changes' attributes put back in the order the shard recorded (names it does not list keep their place after those). */
function restoreAttributeOrder(changes: Change[], order: Record<string, string[]> | undefined): void {
  if (!order || typeof order !== "object") return;
  for (const [at, names] of Object.entries(order)) {
    const c = changes[Number(at)];
    if (!c?.attributes || !Array.isArray(names)) continue;
    const rest = new Map(Object.entries(c.attributes));
    const ordered: Array<[string, NonNullable<Change["attributes"]>[string]]> = [];
    for (const n of names) {
      const v = typeof n === "string" ? rest.get(n) : undefined;
      if (v === undefined) continue;
      ordered.push([n, v]);
      rest.delete(n);
    }
    // fromEntries defines each name as its own property, whatever it is called.
    c.attributes = Object.fromEntries([...ordered, ...rest]);
  }
}

/** A shard file read back: checked to be a shard of this format, or a clear error naming the file. */
export function parseShard(file: string, text: string): PlanShard {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ScopesyncError(`${file}: ${jsonSyntaxProblem(text, e)}`, "pass the files `scopesync plan --target NAME --out FILE` wrote");
  }
  const shard = value as Partial<PlanShard> | null;
  if (!shard || typeof shard !== "object" || shard.kind !== SHARD_KIND) {
    const hint = shard && typeof shard === "object" && "fingerprint" in shard ? `${file} is a whole plan, not a shard; ` : "";
    throw new ScopesyncError(`${file}: not a plan shard (no "kind": "${SHARD_KIND}")`, `${hint}make one shard per target with scopesync plan --target NAME --identities identities.snapshot --out FILE`);
  }
  if (shard.formatVersion !== SHARD_FORMAT_VERSION) throw new ScopesyncError(`${file}: plan shard format ${String(shard.formatVersion)}, this scopesync reads format ${SHARD_FORMAT_VERSION}`, "plan every shard and merge them with the same scopesync version");
  if (typeof shard.identities !== "string" || typeof shard.now !== "string" || !shard.part || typeof shard.part.target !== "string" || !Array.isArray(shard.part.changes) || !shard.after) {
    throw new ScopesyncError(`${file}: incomplete plan shard (identities, now, part or after missing)`, "plan the shard again with scopesync plan --target NAME");
  }
  restoreAttributeOrder(shard.part.changes, shard.attributeOrder);
  return shard as PlanShard;
}

/**
 * The shards of one plan, in target order: refused when two plan the same target, when they were
 * planned from different identities, times or bases, or when a target of the repository has none.
 */
export function checkShards(shards: ReadonlyArray<{ file: string; shard: PlanShard }>, expected: { identities: string; now: string; base?: string; targets: readonly string[] }): PlanShard[] {
  if (shards.length === 0) throw new ScopesyncError("plan merge needs the shard files to merge", "scopesync plan merge crm.json github.json …");
  const byTarget = new Map<string, string>();
  for (const { file, shard } of shards) {
    const other = byTarget.get(shard.part.target);
    if (other) throw new ScopesyncError(`${other} and ${file} both plan target "${shard.part.target}"`, "pass one shard per target");
    byTarget.set(shard.part.target, file);
    if (shard.identities !== expected.identities) {
      throw new ScopesyncError(`${file} was planned from other identities (${shard.identities}) than this merge uses (${expected.identities})`, "plan every shard from the same identities snapshot (scopesync resolve --out identities.snapshot), and merge with it");
    }
    if (shard.now !== expected.now) throw new ScopesyncError(`${file} was planned for ${shard.now}, this merge for ${expected.now}`, "plan every shard and the merge with the same --now (the identities snapshot records it)");
    if ((shard.base ?? "") !== (expected.base ?? "")) {
      throw new ScopesyncError(`${file} marks this PR's changes against ${shard.base ? `base ${shard.base}` : "no base"}, the identities snapshot against ${expected.base ? `base ${expected.base}` : "no base"}`, "plan every shard from the same identities snapshot");
    }
  }
  const unknown = [...byTarget.keys()].filter((t) => !expected.targets.includes(t));
  if (unknown.length > 0) throw new ScopesyncError(`${byTarget.get(unknown[0]!)} plans target "${unknown[0]}", which scopesync.yaml does not define`, `targets: ${expected.targets.join(", ")}`);
  const missing = expected.targets.filter((t) => !byTarget.has(t));
  if (missing.length > 0) {
    throw new ScopesyncError(`no shard plans target${missing.length === 1 ? "" : "s"} ${missing.map((t) => `"${t}"`).join(", ")}: a merged plan must cover every target`, `plan ${missing.length === 1 ? "it" : "each"} with scopesync plan --target ${missing[0]} --identities identities.snapshot, and pass ${missing.length === 1 ? "that file" : "those files"} too`);
  }
  return shards.map((s) => s.shard).sort((a, b) => (a.part.target < b.part.target ? -1 : 1));
}
