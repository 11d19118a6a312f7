// What a pull request changes in the guard rails of scopesync.yaml (rv78 finding 3): the safety
// limits and overrides, `apply.unreviewed`, `allowPathsOutsideRepo`, `exceptions.maxLength`, the
// sources' quality gates and their `accept`, the targets' `formerNames` and `runAs` and where
// they point (url, org, tenant, endpoint); with the
// RuleSets' (rule-changes.ts). A reviewer approving "the plan" approves it under the controls the
// pull request sets, and a weakened control lets the next pull request through: each change is
// said in the plan (plan/control-findings.ts) and at the head of its comment. The base's and the
// pull request's values are compared key by key, as sourceConfigChanges compares the sources.
import type { ControlChange } from "../model/control-change.js";
import type { GateSettings, LimitSetting, ProjectConfig, SafetyOverride, TargetConfig } from "../model/documents.js";
import { DEFAULT_EXCEPTION_MAX_LENGTH } from "../model/exception-checks.js";
import type { Located, PathSegment } from "../model/located.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { ruleSetChanges } from "./rule-changes.js";
import { keyedChanges } from "./source-config-changes.js";

/** Every change of the controls between the base's repository and the pull request's: scopesync.yaml's, then the RuleSets'. */
export function controlChanges(base: PolicyRepo, pr: PolicyRepo): ControlChange[] {
  return [...configControlChanges(base.config, pr.config), ...ruleSetChanges(base.ruleSets, pr.ruleSets)];
}

/** A value as the change's words show it; `none` where the key is not written. */
type Shown = (value: unknown) => string;
const plain: Shown = (v) => (v === undefined ? "none" : Array.isArray(v) ? (v.length === 0 ? "none" : v.join(", ")) : String(v));

/** The changes of scopesync.yaml's guard rails, in the order of the file's keys. */
function configControlChanges(base: Located<ProjectConfig>, pr: Located<ProjectConfig>): ControlChange[] {
  const out: ControlChange[] = [];
  const b = base.value;
  const p = pr.value;
  // Where the pull request writes a key, else (removed there) where the base wrote it.
  const at = (path: PathSegment[], removed = false): string => (removed ? `${base.file}:${base.locate(path).line}` : `${pr.file}:${pr.locate(path).line}`);
  const said = (words: string, path: PathSegment[], removed = false): void => {
    out.push({ words, at: at(path, removed) });
  };
  for (const [name, gates] of bothSides(b.sources, p.sources, (s) => s.gates)) {
    for (const c of keyedChanges<unknown>(withoutAccept(gates.before), withoutAccept(gates.after))) said(`sources.${name}.gates.${c.key}: ${plain(c.before)} → ${plain(c.after)}`, ["sources", name, "gates", c.key], c.change === "removed");
    const accept = keyedChanges({ accept: gates.before?.accept }, { accept: gates.after?.accept })[0];
    if (accept) said(`sources.${name}.gates.accept: ${acceptance(accept.before)} → ${acceptance(accept.after)}`, ["sources", name, "gates", "accept"], accept.change === "removed");
  }
  // A renamed target is new here: its formerNames claim another target's journal, so they count too.
  for (const name of Object.keys(p.targets).sort()) {
    for (const key of ["runAs", "formerNames"] as const) {
      const before = b.targets[name]?.[key];
      const after = p.targets[name]![key];
      if ((b.targets[name] || key === "formerNames") && plain(before) !== plain(after)) said(`targets.${name}.${key}: ${plain(before)} → ${plain(after)}`, ["targets", name, ...(after === undefined ? [] : [key])]);
    }
  }
  // Where a target points (rv83 finding 3): the plan of a retargeted entry is made from the state
  // the old system gave, and apply on merge acts on the new one (plan/state-binding.ts blocks a
  // state file that records the old endpoint; an older one records none, so this line says it).
  for (const name of Object.keys(p.targets).sort()) {
    const before = b.targets[name];
    const after = p.targets[name]!;
    if (!before) continue;
    for (const path of TARGET_POINTERS) {
      const [was, is] = [pointer(before, path), pointer(after, path)];
      if (was !== is) said(`targets.${name}.${path.join(".")}: ${was ?? "none"} → ${is ?? "none"}: the target points at another system, and a state file pulled before describes the old one (scopesync state pull --target ${name})`, ["targets", name, ...(is === undefined ? [] : path)]);
    }
  }
  // Limits written or taken away alike: a pull request that deletes `safety.default` lifts every limit.
  type Limits = Record<string, LimitSetting | number>;
  const scopes = (c: ProjectConfig): Map<string, Limits | undefined> => new Map([["", c.safety?.default as Limits | undefined], ...Object.entries(c.safety?.targets ?? {}).map(([t, l]): [string, Limits] => [t, l as Limits])]);
  const [bs, ps] = [scopes(b), scopes(p)];
  for (const scope of ["", ...[...new Set([...bs.keys(), ...ps.keys()])].filter((t) => t !== "").sort()]) {
    const path = scope === "" ? ["safety", "default"] : ["safety", "targets", scope];
    for (const c of keyedChanges(bs.get(scope), ps.get(scope))) {
      said(`${path.join(".")}.${c.key}: ${limit(c.before, scope, c.key)} → ${limit(c.after, scope, c.key)}`, [...path, c.key], c.change === "removed");
    }
  }
  for (const c of keyedChanges(overridesByKey(b.safety?.overrides), overridesByKey(p.safety?.overrides))) {
    const index = c.change === "removed" ? b.safety!.overrides!.indexOf(c.before!) : p.safety!.overrides!.indexOf(c.after!);
    const o = (c.after ?? c.before)!;
    said(`safety override ${o.target} ${o.limit}: ${override(c.before)} → ${override(c.after)}${c.after ? ` (${c.after.reason})` : ""}`, ["safety", "overrides", index], c.change === "removed");
  }
  if (b.apply?.unreviewed !== p.apply?.unreviewed) said(`apply.unreviewed: ${b.apply?.unreviewed ?? "revocations-only (the default)"} → ${p.apply?.unreviewed ?? "revocations-only (the default)"}`, p.apply?.unreviewed ? ["apply", "unreviewed"] : []);
  for (const c of keyedChanges(byPath(b.allowPathsOutsideRepo), byPath(p.allowPathsOutsideRepo))) {
    said(`allowPathsOutsideRepo: ${c.key} ${c.change === "added" ? "allowed" : c.change === "removed" ? "no longer allowed" : "reason changed"}${c.after ? ` (${c.after.reason})` : ""}`, ["allowPathsOutsideRepo", (c.change === "removed" ? b : p).allowPathsOutsideRepo!.findIndex((e) => e.path === c.key)], c.change === "removed");
  }
  const maxLength = (c: ProjectConfig): string => c.exceptions?.maxLength ?? `${DEFAULT_EXCEPTION_MAX_LENGTH} (the default)`;
  if (maxLength(b) !== maxLength(p)) said(`exceptions.maxLength: ${maxLength(b)} → ${maxLength(p)}`, p.exceptions?.maxLength ? ["exceptions", "maxLength"] : []);
  return out;
}

/**
 * The keys that say which system a target is (model/target-endpoint.ts reads the same). A token
 * is not among them: it is a reference to a secret, and which tenant it opens is checked by apply
 * against the reviewed plan (apply/tenant-binding.ts).
 */
const TARGET_POINTERS: ReadonlyArray<readonly string[]> = [["url"], ["org"], ["options", "baseUrl"], ["options", "tenantId"], ["options", "graphUrl"], ["options", "endpoint"]];

function pointer(t: TargetConfig, path: readonly string[]): string | undefined {
  const value = path.length === 1 ? (t as unknown as Record<string, unknown>)[path[0]!] : t.options?.[path[1]!];
  return typeof value === "string" ? value : undefined;
}

/**
 * The entries of two mappings by name, each with what `pick` takes of it at the base and in the
 * pull request: only names both have (an added or removed source or safety scope is said
 * elsewhere: source-added-in-pr, and the target's limits are then its own).
 */
function bothSides<E, V>(before: Readonly<Record<string, E | undefined>>, after: Readonly<Record<string, E | undefined>>, pick: (entry: E) => V | undefined): Array<[string, { before?: V; after?: V }]> {
  const out: Array<[string, { before?: V; after?: V }]> = [];
  for (const name of Object.keys(after).sort()) {
    const a = after[name];
    const b = before[name];
    if (a === undefined || b === undefined) continue;
    const was = pick(b);
    const is = pick(a);
    out.push([name, { ...(was !== undefined ? { before: was } : {}), ...(is !== undefined ? { after: is } : {}) }]);
  }
  return out;
}

function withoutAccept(gates: GateSettings | undefined): Record<string, unknown> | undefined {
  if (!gates) return undefined;
  const { accept: _accept, ...rest } = gates;
  return rest;
}

function acceptance(a: GateSettings["accept"] | undefined): string {
  if (!a) return "none";
  const what = [a.churnUpTo !== undefined ? `churn up to ${a.churnUpTo}` : "", a.records !== undefined ? `${a.records} records` : "", a.account !== undefined ? `account ${a.account}` : ""].filter(Boolean).join(", ");
  return `${what || "accepted"}${a.expiresAt ? ` until ${a.expiresAt}` : ", with no end"} (${a.reason})`;
}

/** A limit ("count 5, 10%"), the floor, or what applies when none is written. */
function limit(value: LimitSetting | number | undefined, scope: string, key: string): string {
  if (value === undefined) return scope !== "" ? "the default's" : key === "floor" ? "10 (the default)" : "none";
  if (typeof value === "number") return String(value);
  return [value.count !== undefined ? `count ${value.count}` : "", value.percent !== undefined ? `${value.percent}%` : ""].filter(Boolean).join(", ") || "none";
}

function overridesByKey(list: readonly SafetyOverride[] | undefined): Record<string, SafetyOverride> {
  const out: Record<string, SafetyOverride> = {};
  // Two overrides of one target and limit: each its own key, in the order written.
  for (const o of list ?? []) {
    let key = `${o.target} ${o.limit}`;
    for (let n = 2; Object.hasOwn(out, key); n++) key = `${o.target} ${o.limit} #${n}`;
    out[key] = o;
  }
  return out;
}

function override(o: SafetyOverride | undefined): string {
  return o ? `up to ${o.allow}${o.expiresAt ? ` until ${o.expiresAt}` : ", with no end"}` : "none";
}

function byPath(list: ProjectConfig["allowPathsOutsideRepo"]): Record<string, { path: string; reason: string }> {
  return Object.fromEntries((list ?? []).map((e) => [e.path, e]));
}
