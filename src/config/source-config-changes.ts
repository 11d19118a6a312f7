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

/** The sources whose entries differ between the base's scopesync.yaml and the pull request's, by name, then the correlation. */
export function sourceConfigChanges(base: Located<ProjectConfig>, pr: Located<ProjectConfig>): SourceConfigChange[] {
  const changes: SourceConfigChange[] = [];
  const at = (path: string[]): string => `${pr.file}:${pr.locate(path).line}`;
  const names = [...new Set([...Object.keys(base.value.sources), ...Object.keys(pr.value.sources)])].sort((a, b) => (a < b ? -1 : 1));
  for (const name of names) {
    const before = base.value.sources[name];
    const after = pr.value.sources[name];
    if (!before) changes.push({ source: name, change: "added", at: at(["sources", name]) });
    else if (!after) changes.push({ source: name, change: "removed", at: base.file });
    else if (canonicalJson(before, 0) !== canonicalJson(after, 0)) changes.push({ source: name, change: "changed", at: at(["sources", name]) });
  }
  if (canonicalJson(base.value.correlation ?? {}, 0) !== canonicalJson(pr.value.correlation ?? {}, 0)) {
    changes.push({ change: "changed", at: pr.value.correlation ? at(["correlation"]) : pr.file });
  }
  return changes;
}

/** Whether the source `name` is read with the same entry at the base and in the pull request. */
export function sameSourceEntry(base: ProjectConfig, pr: ProjectConfig, name: string): boolean {
  const before = base.sources[name];
  const after = pr.sources[name];
  return before !== undefined && after !== undefined && canonicalJson(before, 0) === canonicalJson(after, 0);
}
