import type { Where } from "./documents.js";
import type { Located, PathSegment } from "./located.js";
import type { PolicyRepo } from "./policy-repo.js";

/** One `where:` of the policy repository, with its file and path (for file:line) and what it belongs to. */
export interface WhereAt {
  doc: Located<unknown>;
  /** "group org-owners's birthright", "app policy code's scope.include", "rule sod's forbid". */
  what: string;
  /** Path of the `where` mapping in the document. */
  path: readonly PathSegment[];
  where: Where;
}

/**
 * Every `where:` the repository's selectors hold: groups' birthright rules, app policies' scope
 * include and exclude, custom rules' match, require and forbid. In file order, so findings made
 * from them come out the same every run.
 */
export function wheresOf(repo: PolicyRepo): WhereAt[] {
  const out: WhereAt[] = [];
  const add = (doc: Located<unknown>, what: string, path: readonly PathSegment[], where: Where | undefined): void => {
    if (where) out.push({ doc, what, path: [...path, "where"], where });
  };
  for (const group of repo.groups) group.value.birthright?.forEach((s, i) => add(group, `group ${group.value.id}'s birthright`, ["birthright", i], s.where));
  for (const app of repo.apps) {
    app.value.scope.include.forEach((s, i) => add(app, `app policy ${app.value.id}'s scope.include`, ["scope", "include", i], s.where));
    app.value.scope.exclude?.forEach((s, i) => add(app, `app policy ${app.value.id}'s scope.exclude`, ["scope", "exclude", i], s.where));
  }
  for (const set of repo.ruleSets) {
    set.value.rules?.forEach((rule, i) => {
      add(set, `rule ${rule.id}'s match`, ["rules", i, "match"], rule.match?.where);
      add(set, `rule ${rule.id}'s require`, ["rules", i, "require"], rule.require?.where);
      add(set, `rule ${rule.id}'s forbid`, ["rules", i, "forbid"], rule.forbid?.where);
    });
  }
  return out;
}
