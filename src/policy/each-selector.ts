// Every `where:` of the repository, with where it is written: what where-attribute-unknown
// (where-attributes.ts) and where-value-unmatched (where-values.ts) check alike. A rule's `where:`
// is one too: a misspelt `forbid: { where: { employmentType: contracter } }` switches the control
// off as a misspelt birthright takes a group from everyone.
import type { Selector } from "../model/documents.js";
import type { Located, PathSegment } from "../model/located.js";
import type { PolicyRepo } from "../model/policy-repo.js";

/** Called with the document, what to call the selector in a message, its path in the document, and the selector (its `where:` under path + "where"). */
export type SelectorVisit = (doc: Located<unknown>, what: string, path: readonly PathSegment[], selector: Selector | undefined) => void;

/** Group birthrights, app scopes, and each rule's match, require and forbid, in that order. */
export function eachSelector(repo: PolicyRepo, visit: SelectorVisit): void {
  for (const group of repo.groups) group.value.birthright?.forEach((s, i) => visit(group, `group ${group.value.id}'s birthright`, ["birthright", i], s));
  for (const app of repo.apps) {
    app.value.scope.include.forEach((s, i) => visit(app, `app policy ${app.value.id}'s scope.include`, ["scope", "include", i], s));
    app.value.scope.exclude?.forEach((s, i) => visit(app, `app policy ${app.value.id}'s scope.exclude`, ["scope", "exclude", i], s));
  }
  for (const set of repo.ruleSets) {
    set.value.rules?.forEach((rule, i) => {
      // A rule's require and forbid apply to the identities its match selects: of its kinds.
      const kinds = rule.match?.kinds;
      visit(set, `rule ${rule.id}'s match`, ["rules", i, "match"], rule.match);
      visit(set, `rule ${rule.id}'s require`, ["rules", i, "require"], rule.require?.where ? { ...(kinds ? { kinds } : {}), where: rule.require.where } : undefined);
      visit(set, `rule ${rule.id}'s forbid`, ["rules", i, "forbid"], rule.forbid?.where ? { ...(kinds ? { kinds } : {}), where: rule.forbid.where } : undefined);
    });
  }
}
