import type { Selector } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";
import type { Located, PathSegment } from "../model/located.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { closest, likelyTypo } from "../model/suggest.js";
import { eachSelector } from "./each-selector.js";

/** Keys a `where:` reads from the identity itself, not from its attributes (src/policy/selector.ts). */
const OWN_KEYS: ReadonlySet<string> = new Set(["kind", "status"]);
/**
 * The attributes docs/formats.md documents: "Identity attributes", and those the discovery
 * sources give their NHIs. One of them that no identity has today is expected in some
 * organisations (`managerRef` while every manager resolves, `terminationDate` before anyone
 * leaves, `mfaActive` without AWS): said as info, never as a likely typo.
 */
const DOCUMENTED: ReadonlySet<string> = new Set([
  "userName", "email", "emails", "displayName", "givenName", "familyName", "employeeId", "department", "title", "manager", "managerRef", "employmentType",
  "hireDate", "terminationDate", "groups", "groupIds", "sources", "directoryRoles", "isAdmin", "isDelegatedAdmin", "orgUnitPath", "suspensionReason", "transitioningToStatus", "accountDisabled", "terminatedBy", "owner", "environment", "purpose", "expiresAt", "model", "interactiveLogin", "oktaOrg", "googleCustomerId", "entraTenantId",
  // Discovery sources (docs/formats.md, each source's record table).
  "entraAppId", "entraObjectType", "signInAudience", "tags", "createdAt", "updatedAt", "lastSignInAt", "federation", "federationAvailable", "platformManaged", "quarantined",
  "awsPrincipalType", "awsArn", "mfaActive", "gcpProject", "description", "k8sNamespace",
  "githubAppSlug", "githubAppId", "githubInstallationId", "permissions", "repositorySelection", "suspendedAt", "githubRepository", "readOnly", "verified",
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
  // Whether an identity of the selector's kinds has the key; its own property only (not `constructor`).
  const known = new Map<string, boolean>();
  const held = (key: string, kinds: readonly string[] | undefined): boolean => {
    const cacheKey = `${kinds?.join(",") ?? ""}|${key}`;
    let found = known.get(cacheKey);
    if (found === undefined) {
      found = OWN_KEYS.has(key) || identities.some((i) => (!kinds || kinds.includes(i.kind)) && Object.hasOwn(i.attributes, key));
      known.set(cacheKey, found);
    }
    return found;
  };
  const names = new Map<string, Set<string>>();
  const problems: WhereKeyProblem[] = [];
  const check = (doc: Located<unknown>, what: string, path: readonly PathSegment[], selector: Selector | undefined): void => {
    const kinds = selector?.kinds;
    for (const key of Object.keys(selector?.where ?? {})) {
      if (held(key, kinds)) continue;
      const at = { file: doc.file, ...doc.locateKey([...path, "where", key]) };
      const whose = kinds ? ` of kind ${kinds.join(" or ")}` : "";
      const matchesNobody = `${what}: no identity${whose} has the attribute "${key}", so this condition matches nobody`;
      if (DOCUMENTED.has(key)) {
        problems.push({ severity: "info", ...at, message: matchesNobody, hint: `none needed if no one holds "${key}" today` });
        continue;
      }
      const kindsKey = kinds?.join(",") ?? "";
      let attributes = names.get(kindsKey);
      if (!attributes) names.set(kindsKey, (attributes = attributeNames(identities, kinds)));
      const typo = likelyTypo(key, attributes, (n) => !OWN_KEYS.has(n));
      if (typo !== undefined) {
        problems.push({ severity: "error", ...at, message: `${matchesNobody}; did you mean "${typo}"? (attribute names are case-sensitive)`, hint: `write ${typo}: a condition on a name no identity has takes what it grants from everyone, and what it excludes from no one` });
        continue;
      }
      const near = closest(key, [...attributes].filter((n) => !OWN_KEYS.has(n)));
      problems.push({ severity: "warning", ...at, message: `${matchesNobody}${near ? ` (did you mean "${near}"?)` : ""}`, hint: "check the name against the identity attributes (docs/formats.md); names are case-sensitive" });
    }
  };
  eachSelector(repo, check);
  return problems;
}

/** The problems as the plan's `where-attribute-unknown` findings, located at the key's line. */
export function unknownWhereAttributes(repo: PolicyRepo, identities: readonly Identity[]): Finding[] {
  return whereKeyProblems(repo, identities).map((p) => ({ rule: "where-attribute-unknown", severity: p.severity, message: p.message, remediation: p.hint, location: `${p.file}:${p.line}` }));
}

/** Every attribute name an identity of `kinds` has, for the suggestion: only when a key is unknown. */
function attributeNames(identities: readonly Identity[], kinds: readonly string[] | undefined): Set<string> {
  const names = new Set<string>(OWN_KEYS);
  for (const identity of identities) {
    if (kinds && !kinds.includes(identity.kind)) continue;
    for (const name of Object.keys(identity.attributes)) names.add(name);
  }
  return names;
}
