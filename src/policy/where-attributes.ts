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

/**
 * A `where:` key that no identity has matches nobody: a misspelt or miscapitalised name
 * (`Department`) in a group's birthright takes the group from everyone, and the plan's revocations
 * would look like drift. Each key is looked up among the identities' attributes; one that none has
 * is a `where-attribute-unknown` finding at its line: an error when an attribute some identity has
 * is a likely spelling of it (it is almost surely a typo, and a plan made with it would revoke),
 * else a warning (an attribute no one holds today, such as a directory role nobody has, may be
 * meant). From the identities alone, so a one-process plan and a merge of shards give the same.
 */
export function unknownWhereAttributes(repo: PolicyRepo, identities: readonly Identity[]): Finding[] {
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
  const findings: Finding[] = [];
  const check = (doc: Located<unknown>, what: string, path: readonly PathSegment[], where: Where | undefined): void => {
    for (const key of Object.keys(where ?? {})) {
      if (held(key)) continue;
      const location = `${doc.file}:${doc.locateKey([...path, "where", key]).line}`;
      const matchesNobody = `${what}: no identity has the attribute "${key}", so this condition matches nobody`;
      if (DOCUMENTED.has(key)) {
        findings.push({ rule: "where-attribute-unknown", severity: "info", message: matchesNobody, remediation: `none needed if no one holds "${key}" today`, location });
        continue;
      }
      names ??= attributeNames(identities);
      const suggestion = [...names].find((n) => n.toLowerCase() === key.toLowerCase()) ?? closest(key, names);
      findings.push(suggestion === undefined
        ? { rule: "where-attribute-unknown", severity: "warning", message: matchesNobody, remediation: `check the name against the identity attributes (docs/formats.md); names are case-sensitive`, location }
        : { rule: "where-attribute-unknown", severity: "error", message: `${matchesNobody}; did you mean "${suggestion}"? (attribute names are case-sensitive)`, remediation: `write ${suggestion}: a condition on a name no identity has takes what it grants from everyone, and what it excludes from no one`, location });
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
  return findings;
}

/** Every attribute name some identity has, for the suggestion: only when a key is unknown. */
function attributeNames(identities: readonly Identity[]): Set<string> {
  const names = new Set<string>(OWN_KEYS);
  for (const identity of identities) for (const name in identity.attributes) names.add(name);
  return names;
}
