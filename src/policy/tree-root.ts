// A `where:` value of a tree key (tree-values.ts) matches its path and every path under it, so
// `orgUnitPath: /`, the root organisational unit of Google Workspace, matches every user of the
// domain: a scope or exclude that reads as "the top OU" selects everyone, and nothing said so.
// Said at plan time, at the key, as an info: it may be meant (a birthright for everyone).
import type { Selector } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import type { Located, PathSegment } from "../model/located.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { eachSelector } from "./each-selector.js";
import { TREE_KEYS } from "./tree-values.js";

/** The plan's `where-value-whole-tree` findings: one per `where:` key a tree's root is written at. */
export function wholeTreeWhereValues(repo: PolicyRepo): Finding[] {
  const findings: Finding[] = [];
  eachSelector(repo, (doc: Located<unknown>, what: string, path: readonly PathSegment[], selector: Selector | undefined) => {
    for (const [key, wanted] of Object.entries(selector?.where ?? {})) {
      if (!TREE_KEYS.has(key)) continue;
      // "/" and "//" alike: a trailing "/" is no different path (inSubtree), so each is the root.
      const root = (Array.isArray(wanted) ? wanted : [wanted]).map(String).find((v) => /^\/+$/.test(v.trim()));
      if (root === undefined) continue;
      const at = doc.locateKey([...path, "where", key]);
      findings.push({
        rule: "where-value-whole-tree",
        severity: "info",
        message: `${what}: ${key} "${root}" is the root, and an ${key} value matches its path and every path under it, so this selects every user that has an ${key} (the whole domain)`,
        remediation: `if every user is meant, this is only said; otherwise name the units meant (${key}: /Engineering takes /Engineering and the units under it)`,
        location: `${doc.file}:${at.line}`,
      });
    }
  });
  return findings;
}
