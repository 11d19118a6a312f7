import type { Diagnostic } from "./config/diagnostic.js";
import type { PolicyRepo } from "./config/load-repo.js";
import { checkReferences } from "./config/references.js";
import type { Finding } from "./model/finding.js";

export interface ReferenceCheck {
  /** Problems in the repository itself: planning stops on them. */
  errors: Diagnostic[];
  /** Names of people the sources no longer export: planning goes on and says so. */
  findings: Finding[];
}

/**
 * Checks the repository's references against the people the sources export. `validate` stops on
 * a name no source exports, since in a pull request that is a typo. Planning must not: a leaver
 * whom HR drops from the export, rather than marking terminated, is still named as an NHI's owner,
 * a group member or in a Person file, and stopping there would halt every plan, and with it the
 * offboarding of that leaver and of everyone else. Each such name keeps its own meaning instead:
 * an NHI it owns is quarantined (owner gone), an explicit membership grants nothing, an exception
 * for it matches nobody; the plan carries a warning at the line that names it.
 */
export function checkPeopleReferences(repo: PolicyRepo, people: ReadonlySet<string>): ReferenceCheck {
  const all = checkReferences(repo, people);
  if (all.length === 0) return { errors: [], findings: [] };
  // Without the sources' people, the check leaves names of people alone: what it still finds is the repository's.
  const key = (d: Diagnostic): string => `${d.file}:${d.line}:${d.col}: ${d.message}`;
  const ownProblems = new Set(checkReferences(repo).map(key));
  const overlayFiles = new Set(repo.people.map((p) => p.file));
  const errors: Diagnostic[] = [];
  const findings: Finding[] = [];
  for (const d of all) {
    if (ownProblems.has(key(d))) errors.push(d);
    // A Person file for nobody is already the resolver's overlay-without-person warning.
    else if (!(overlayFiles.has(d.file) && d.message.startsWith("person "))) {
      findings.push({
        rule: "person-not-in-sources",
        severity: "warning",
        message: `${d.message}: no source exports this person; planning goes on without them (an NHI they own is quarantined, their explicit memberships grant nothing)`,
        remediation: `${d.hint ? `${d.hint}; ` : ""}remove or replace the name in a pull request (scopesync validate reports it as an error)`,
        location: `${d.file}:${d.line}`,
      });
    }
  }
  return { errors, findings };
}
