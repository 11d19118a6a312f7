// One notion of "the same entitlement", shared by the planner (plan/entitlement-table.ts), the
// rules (policy/rules/context.ts, custom-rules.ts), validate (config/references.ts) and the reads
// that follow renamed groups (targets/renamed-groups.ts). On a target whose names ignore case, a
// policy's `group:finance-approvers` and the app's "Finance-Approvers" are one group: RFC 7643
// §8.7.1 gives Group.displayName `"caseExact": false`
// (https://www.rfc-editor.org/rfc/rfc7643#section-8.7.1). GitHub ignores the case of team names
// and of repository names alike: "GitHub generates the slug from the team name" in lower case
// (REST API, Teams: "changes all words to lowercase"), an org cannot hold two teams whose names
// differ only in case, and a repository path parameter "is not case sensitive" (REST API,
// Repositories), while the read spells a repository as `options.repositories` or GitHub lists it.
// Were the rules or a second mapping to compare names exactly where the planner does not, a
// separation-of-duties rule would miss the app's spelling, a second spelling would grant the
// privileged group unmarked, and a mover would keep the team the policy spells another way.
import type { AppPolicyDoc, ProjectConfig } from "./documents.js";
import type { PolicyRepo } from "./policy-repo.js";
import { TARGET_CAPABILITIES, type TargetType } from "./target-types.js";

/**
 * The part of an entitlement whose case such a target ignores: a group's name (`group:`, a GitHub
 * team's `team:` slug) and a repository grant (`repo:<name>:<role>`), its role included: the
 * built-in roles are lower case, and a custom repository role is one name in its org as a team
 * is (`repo:infra:Security-Reviewer` held, `repo:infra:security-reviewer` written): compared with
 * case, the plan revoked the role it found and granted the policy's spelling on every run.
 */
const CASELESS = /^(?:group:[^]*|team:[^]*|repo:[^]*)/;

/** The name two spellings of one entitlement share: its group or repository name lower-cased where the target ignores their case. */
export function entitlementKey(entitlement: string, groupNamesIgnoreCase: boolean): string {
  if (!groupNamesIgnoreCase) return entitlement;
  const named = CASELESS.exec(entitlement)?.[0];
  return named === undefined ? entitlement : named.toLowerCase() + entitlement.slice(named.length);
}

/** Whether an entitlement has a name that a target ignoring case folds (entitlementKey may change it). */
export function hasCaselessName(entitlement: string): boolean {
  return CASELESS.test(entitlement);
}

/** Whether the target (by its name in scopesync.yaml) compares group (and repository) names case-insensitively. */
export function ignoresGroupCase(config: ProjectConfig, target: string): boolean {
  const type = config.targets[target]?.type as TargetType | undefined;
  return (type !== undefined && TARGET_CAPABILITIES[type]?.groupNamesIgnoreCase) ?? false;
}

/** One app policy's names: each entitlement it maps, by key, spelled as its first mapping spells it. */
export class PolicySpellings {
  private readonly byKey = new Map<string, string>();

  constructor(
    app: AppPolicyDoc,
    readonly ignoreCase: boolean,
  ) {
    for (const e of app.entitlements ?? []) {
      const key = entitlementKey(e.entitlement, ignoreCase);
      if (!this.byKey.has(key)) this.byKey.set(key, e.entitlement);
    }
  }

  key(entitlement: string): string {
    return entitlementKey(entitlement, this.ignoreCase);
  }

  /** The policy's spelling of an entitlement it maps; any other keeps the name it was given. */
  spell(entitlement: string): string {
    return this.byKey.get(this.key(entitlement)) ?? entitlement;
  }

  manages(entitlement: string): boolean {
    return this.byKey.has(this.key(entitlement));
  }
}

/**
 * Every app's spellings, for names written "app:entitlement" as rules write them. What a rule asks
 * about is held under the policy's spelling (StateAfterPlan spells what it reports so); an
 * entitlement no policy maps keeps the app's spelling, so on a target that ignores case it is
 * looked for by key among what is held.
 */
export class EntitlementNames {
  private readonly byApp = new Map<string, PolicySpellings>();
  private readonly byTarget = new Map<string, PolicySpellings>();

  constructor(repo: Pick<PolicyRepo, "apps" | "config">) {
    for (const a of repo.apps) {
      const spellings = new PolicySpellings(a.value, ignoresGroupCase(repo.config.value, a.value.target));
      this.byApp.set(a.value.id, spellings);
      this.byTarget.set(a.value.target, spellings);
    }
  }

  /** The spellings of the app policy of `target`, if it has one. */
  ofTarget(target: string): PolicySpellings | undefined {
    return this.byTarget.get(target);
  }

  /** "app:entitlement", spelled as the app's policy spells it. */
  qualified(name: string): string {
    const at = name.indexOf(":");
    const spellings = at > 0 ? this.byApp.get(name.slice(0, at)) : undefined;
    return spellings ? `${name.slice(0, at)}:${spellings.spell(name.slice(at + 1))}` : name;
  }

  /** Whether two "app:entitlement" names are one entitlement of one app. */
  same(a: string, b: string): boolean {
    if (a === b) return true;
    const at = a.indexOf(":");
    if (at <= 0 || !b.startsWith(a.slice(0, at + 1))) return false;
    const spellings = this.byApp.get(a.slice(0, at));
    return spellings !== undefined && spellings.key(a.slice(at + 1)) === spellings.key(b.slice(at + 1));
  }

  /**
   * A test for "holds `name`" ("app:entitlement") over the names StateAfterPlan reports, made once
   * per rule name: those are policy-spelled, so only a name the policy does not map, on a target
   * that ignores case, needs a look at each held name's key.
   */
  holder(name: string): (held: ReadonlySet<string>) => boolean {
    const spelled = this.qualified(name);
    const at = name.indexOf(":");
    const app = at > 0 ? name.slice(0, at) : "";
    const spellings = this.byApp.get(app);
    const entitlement = name.slice(at + 1);
    // Names that do not fold (no group or repository name, or a target that keeps case) are their own key.
    if (!spellings || spellings.manages(entitlement) || !(spellings.ignoreCase && hasCaselessName(entitlement))) {
      return (held) => held.has(spelled);
    }
    const key = `${app}:${spellings.key(entitlement)}`;
    const prefix = `${app}:`;
    return (held) => {
      if (held.has(spelled)) return true;
      for (const h of held) if (h.startsWith(prefix) && `${prefix}${spellings.key(h.slice(prefix.length))}` === key) return true;
      return false;
    };
  }
}
