import type { Where } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";
import type { Located, PathSegment } from "../model/located.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { closest } from "../model/suggest.js";

/** Keys a `where:` reads from the identity itself, not from its attributes (src/policy/selector.ts). */
const OWN_KEYS: ReadonlySet<string> = new Set(["kind", "status"]);
/**
 * The attributes docs/formats.md ("Identity attributes") documents. One of them that no identity
 * has today is expected in some organisations (`managerRef` when every manager resolves,
 * `terminationDate` before anyone leaves): said as info, never as a likely typo.
 */
const DOCUMENTED: ReadonlySet<string> = new Set([
  "userName", "email", "emails", "displayName", "givenName", "familyName", "employeeId", "department", "title", "manager", "managerRef", "employmentType",
  "hireDate", "terminationDate", "groups", "sources", "directoryRoles", "isAdmin", "isDelegatedAdmin", "orgUnitPath", "owner", "environment", "purpose", "expiresAt", "model", "interactiveLogin",
]);

/** One `where:` key no identity has, at the key (validate shows it as file:line:col, a plan as a finding). */
export interface WhereKeyProblem {
  severity: Finding["severity"];
  file: string;
  line: number;
  col: number;
  message: string;
  hint: string;
}

/**
 * A `where:` key that no identity has matches nobody: a misspelt or miscapitalised name
 * (`Department`) in a group's birthright takes the group from everyone, and the plan's revocations
 * would look like drift. Each key is looked up among the identities' attributes; one that none has
 * is a problem at its key: an error when an attribute some identity has is a likely spelling of
 * it (almost surely a typo, and a plan made with it would revoke), info when it is a documented
 * attribute no one holds today (`managerRef` while every manager resolves), else a warning. From
 * the identities alone, so a one-process plan and a merge of shards give the same.
 */
export function whereKeyProblems(repo: PolicyRepo, identities: readonly Identity[]): WhereKeyProblem[] {
  const known = new Map<string, boolean>();
  const held = (key: string): boolean => {
    let found = known.get(key);
    if (found === undefined) {
      found = OWN_KEYS.has(key) || identities.some((i) => i.attributes[key] !== undefined);
      known.set(key, found);
    }
    return found;
  };
  let names: Set<string> | undefined;
  const problems: WhereKeyProblem[] = [];
  const check = (doc: Located<unknown>, what: string, path: readonly PathSegment[], where: Where | undefined): void => {
    for (const key of Object.keys(where ?? {})) {
      if (held(key)) continue;
      const at = { file: doc.file, ...doc.locateKey([...path, "where", key]) };
      const matchesNobody = `${what}: no identity has the attribute "${key}", so this condition matches nobody`;
      if (DOCUMENTED.has(key)) {
        problems.push({ severity: "info", ...at, message: matchesNobody, hint: `none needed if no one holds "${key}" today` });
        continue;
      }
      names ??= attributeNames(identities);
      const suggestion = [...names].find((n) => n.toLowerCase() === key.toLowerCase()) ?? closest(key, names);
      problems.push(suggestion === undefined
        ? { severity: "warning", ...at, message: matchesNobody, hint: "check the name against the identity attributes (docs/formats.md); names are case-sensitive" }
        : { severity: "error", ...at, message: `${matchesNobody}; did you mean "${suggestion}"? (attribute names are case-sensitive)`, hint: `write ${suggestion}: a condition on a name no identity has takes what it grants from everyone, and what it excludes from no one` });
    }
  };
  for (const group of repo.groups) group.value.birthright?.forEach((s, i) => check(group, `group ${group.value.id}'s birthright`, ["birthright", i], s.where));
  for (const app of repo.apps) {
    app.value.scope.include.forEach((s, i) => check(app, `app policy ${app.value.id}'s scope.include`, ["scope", "include", i], s.where));
    app.value.scope.exclude?.forEach((s, i) => check(app, `app policy ${app.value.id}'s scope.exclude`, ["scope", "exclude", i], s.where));
  }
  for (const set of repo.ruleSets) {
    set.value.rules?.forEach((rule, i) => {
      check(set, `rule ${rule.id}'s match`, ["rules", i, "match"], rule.match?.where);
      check(set, `rule ${rule.id}'s require`, ["rules", i, "require"], rule.require?.where);
      check(set, `rule ${rule.id}'s forbid`, ["rules", i, "forbid"], rule.forbid?.where);
    });
  }
  return problems;
}

/** The problems as the plan's `where-attribute-unknown` findings, located at the key's line. */
export function unknownWhereAttributes(repo: PolicyRepo, identities: readonly Identity[]): Finding[] {
  return whereKeyProblems(repo, identities).map((p) => ({ rule: "where-attribute-unknown", severity: p.severity, message: p.message, remediation: p.hint, location: `${p.file}:${p.line}` }));
}

/** Every attribute name some identity has, for the suggestion: only when a key is unknown. */
function attributeNames(identities: readonly Identity[]): Set<string> {
  const names = new Set<string>(OWN_KEYS);
  for (const identity of identities) for (const name in identity.attributes) names.add(name);
  return names;
}
