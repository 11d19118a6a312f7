// What a pull request changes in how the sources are read: the `sources` entries and the
// `correlation` of scopesync.yaml at its base and in the pull request. `plan --base` reads a
// source again with the base's entry where they differ (src/sources/base-ingest.ts), and says in
// the reasons of this pull request's changes that the configuration changed (src/plan/source-config-reasons.ts).
import { canonicalJson } from "../model/canonical-json.js";
import type { ProjectConfig } from "../model/documents.js";
import type { Located } from "../model/located.js";

export interface SourceConfigChange {
  /** The source whose entry differs; absent for the `correlation` settings. */
  source?: string;
  change: "changed" | "added" | "removed";
  /** Where the pull request writes it (file:line); the base's file for one it removes. */
  at: string;
}

/** One key of a mapping whose value differs between the base and the pull request. */
export interface KeyedChange<T> {
  key: string;
  change: "changed" | "added" | "removed";
  before?: T;
  after?: T;
}

/**
 * The keys whose values differ between two mappings (compared as canonical JSON), in key order:
 * how a pull request's scopesync.yaml and RuleSets are compared with the base's, here for the
 * sources and in control-changes.ts for the guard rails.
 */
export function keyedChanges<T>(before: Readonly<Record<string, T>> | undefined, after: Readonly<Record<string, T>> | undefined): KeyedChange<T>[] {
  const out: KeyedChange<T>[] = [];
  const b = before ?? {};
  const a = after ?? {};
  for (const key of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort((x, y) => (x < y ? -1 : 1))) {
    const was = Object.hasOwn(b, key) ? b[key] : undefined;
    const is = Object.hasOwn(a, key) ? a[key] : undefined;
    if (was === undefined && is !== undefined) out.push({ key, change: "added", after: is });
    else if (is === undefined && was !== undefined) out.push({ key, change: "removed", before: was });
    else if (was !== undefined && is !== undefined && canonicalJson(was, 0) !== canonicalJson(is, 0)) out.push({ key, change: "changed", before: was, after: is });
  }
  return out;
}

/** The sources whose entries differ between the base's scopesync.yaml and the pull request's, by name, then the correlation. */
export function sourceConfigChanges(base: Located<ProjectConfig>, pr: Located<ProjectConfig>): SourceConfigChange[] {
  const changes: SourceConfigChange[] = keyedChanges(base.value.sources, pr.value.sources).map(({ key, change }) => ({ source: key, change, at: change === "removed" ? base.file : `${pr.file}:${pr.locate(["sources", key]).line}` }));
  if (canonicalJson(base.value.correlation ?? {}, 0) !== canonicalJson(pr.value.correlation ?? {}, 0)) {
    changes.push({ change: "changed", at: pr.value.correlation ? `${pr.file}:${pr.locate(["correlation"]).line}` : pr.file });
  }
  return changes;
}

/** Whether the source `name` is read with the same entry at the base and in the pull request. */
export function sameSourceEntry(base: ProjectConfig, pr: ProjectConfig, name: string): boolean {
  const before = base.sources[name];
  const after = pr.sources[name];
  return before !== undefined && after !== undefined && canonicalJson(before, 0) === canonicalJson(after, 0);
}
