import { sourceOfRef } from "../model/keys.js";
import { DISCOVERY_SOURCE_TYPES } from "../model/source-types.js";
import type { Diagnostic } from "./diagnostic.js";
import type { Located, PathSegment } from "../model/located.js";
import type { AppPolicyDoc, NhiDoc, RuleSetDoc } from "../model/documents.js";
import { entitlementKey, ignoresGroupCase } from "../model/entitlement-names.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { cannotExpireProblem } from "../model/cannot-expire.js";
import { closest } from "../model/suggest.js";
import { BUILTIN_RULE_SETTINGS, LOAD_TIME_RULES, RULE_IDS, type BuiltinRuleId } from "../model/rule-catalog.js";
import { RESERVED_RULE_IDS_TEXT, reservedRuleId } from "../model/reserved-rule-ids.js";
import { rewrittenEmploymentTypes } from "./rewritten-employment-types.js";
import { parseDuration } from "../model/time.js";
import { TARGET_CAPABILITIES, type TargetType } from "../model/target-types.js";
import { unmakeableEntitlements } from "./unmakeable-entitlements.js";

/** Where a name of a person stands: what it means there decides what its absence means. */
export type PersonRole = "person-file" | "group-owner" | "member" | "nhi-owner" | "exception-identity" | "approver";

/** A name of a person that no source exports and no file under identities/ defines. */
export interface UnknownPerson {
  file: string;
  line: number;
  col: number;
  name: string;
  role: PersonRole;
}

export interface ReferenceOptions {
  /**
   * Receives each unknown person instead of a diagnostic (planning warns where validate stops).
   * Without it, each is a diagnostic with a "did you mean" hint.
   */
  onUnknownPerson?: (unknown: UnknownPerson) => void;
  /**
   * Earlier logins of people the sources renamed → their login now (identity.formerIds). With
   * `onRenamed`, a name found there is handed to it instead of being unknown: not a typo in the
   * pull request, but a rename in the sources that the reviewer is asked to write down.
   */
  renamed?: ReadonlyMap<string, string>;
  onRenamed?: (unknown: UnknownPerson, heir: string) => void;
  /**
   * Receives each Person file with an `anchor` (as `import` writes them) whose id nobody the
   * sources export has: a leaver's overlay, which ties their accounts in apps that link by login to
   * them until those are offboarded (src/plan/gone-people.ts). Not a mistake to remove at once.
   */
  onLeaverOverlay?: (overlay: Diagnostic) => void;
  /** People the last accepted snapshot has whom no source exports now: their overlays are leavers' too. */
  leavers?: ReadonlySet<string>;
}

/**
 * Checks that need the whole repository: ids unique across files, and every name that refers to
 * something (a group, target, source, owner, rule) pointing at something that exists.
 */
export function checkReferences(repo: PolicyRepo, knownPeople?: ReadonlySet<string>, options: ReferenceOptions = {}): Diagnostic[] {
  return new ReferenceCheck(repo, knownPeople, options).run();
}

const IDENTITY_WHERE = "identities are people from the sources (by login) or files under identities/";

/** One run of the checks; each method checks one kind of reference, in the order they are reported. */
class ReferenceCheck {
  private readonly out: Diagnostic[] = [];
  private readonly sources: Set<string>;
  private readonly targets: Set<string>;
  private readonly nhiIds: Set<string>;
  private identities = new Map<string, Located<{ id: string }>>();
  private groups = new Map<string, Located<unknown>>();
  // Every identity name, for "did you mean": made only when a name is missing. Asking whether a
  // name exists needs no copy of the sources' 100k+ people: `identities` holds every file's id.
  private names: Set<string> | undefined;

  constructor(
    private readonly repo: PolicyRepo,
    private readonly knownPeople: ReadonlySet<string> | undefined,
    private readonly options: ReferenceOptions,
  ) {
    this.sources = new Set(Object.keys(repo.config.value.sources));
    this.targets = new Set(Object.keys(repo.config.value.targets));
    this.nhiIds = new Set(repo.nhis.map((n) => n.value.id));
  }

  run(): Diagnostic[] {
    this.checkConfig();
    this.checkUniqueIds();
    this.checkPersonFiles();
    this.checkGroups();
    this.checkNhiOwners();
    this.checkLinks();
    this.checkApps();
    for (const d of unmakeableEntitlements(this.repo)) this.out.push(d);
    for (const d of rewrittenEmploymentTypes(this.repo)) this.out.push(d);
    const customRules = this.checkRuleSets();
    this.checkExceptions(new Set([...RULE_IDS, ...customRules]));
    return this.out;
  }

  private report(doc: Located<unknown>, path: PathSegment[], message: string, hint?: string): void {
    this.out.push({ file: doc.file, ...doc.locate(path), message, ...(hint ? { hint } : {}) });
  }

  private missing(doc: Located<unknown>, path: PathSegment[], what: string, name: string, known: Iterable<string>, where: string): void {
    const guess = closest(name, known);
    this.report(doc, path, `${what} "${name}" is not defined`, guess ? `did you mean "${guess}"? (${where})` : where);
  }

  /** Sources and targets named elsewhere in scopesync.yaml exist. */
  private checkConfig(): void {
    const { config } = this.repo;
    const { sources, targets } = this;
    (config.value.correlation?.precedence ?? []).forEach((s, i) => {
      if (!sources.has(s)) this.missing(config, ["correlation", "precedence", i], "source", s, sources, "sources are defined under `sources:`");
    });
    for (const [name, source] of Object.entries(config.value.sources)) {
      (source.managerLookup ?? []).forEach((s, i) => {
        const at: PathSegment[] = ["sources", name, "managerLookup", i];
        if (s === name) this.report(config, at, `source "${name}" is looked up first already: managerLookup lists the other sources to try after it`);
        else if (!sources.has(s)) this.missing(config, at, "source", s, sources, "sources are defined under `sources:`");
      });
    }
    for (const t of Object.keys(config.value.safety?.targets ?? {})) {
      if (!targets.has(t)) this.missing(config, ["safety", "targets", t], "target", t, targets, "targets are defined under `targets:`");
    }
    (config.value.safety?.overrides ?? []).forEach((o, i) => {
      if (!targets.has(o.target)) this.missing(config, ["safety", "overrides", i, "target"], "target", o.target, targets, "targets are defined under `targets:`");
    });
    this.checkFormerTargetNames();
  }

  /**
   * A former name is the journal's name for this target's past: one another target has now, or
   * that two targets claim, would hand one system's history of offboardings to another.
   */
  private checkFormerTargetNames(): void {
    const { config } = this.repo;
    const claimed = new Map<string, string>();
    for (const [name, target] of Object.entries(config.value.targets)) {
      (target.formerNames ?? []).forEach((former, i) => {
        const at: PathSegment[] = ["targets", name, "formerNames", i];
        const first = claimed.get(former);
        if (this.targets.has(former)) this.report(config, at, `target "${name}" names "${former}" as a former name, but "${former}" is a target now`, `a former name is one no target has any more: delete it here, or rename target "${former}"`);
        else if (first !== undefined) this.report(config, at, `target "${name}" names "${former}" as a former name, as target "${first}" already does`, "a renamed target has one heir: keep the former name on the target that reads the same system");
        else claimed.set(former, name);
      });
    }
  }

  /** Unique ids. People overlays, service accounts and agents share one identity namespace. */
  private checkUniqueIds(): void {
    const { repo } = this;
    this.identities = unique<{ id: string }>(this.out, "identity", [...repo.people, ...repo.nhis]);
    this.groups = unique(this.out, "group", repo.groups);
    unique(this.out, "app policy", repo.apps);
    unique(this.out, "rule set", repo.ruleSets);
    this.checkFormerIds();
    this.checkDiscoveryClaims();
    const credentialIds = new Map<string, Located<unknown>>();
    for (const nhi of repo.nhis) {
      (nhi.value.credentials ?? []).forEach((c, i) => {
        const first = credentialIds.get(c.id);
        if (first) this.report(nhi, ["credentials", i, "id"], `duplicate credential id "${c.id}" (first defined at ${first.file}:${first.line})`, "give each credential its own id");
        else credentialIds.set(c.id, nhi);
        if (c.target && !this.targets.has(c.target)) this.missing(nhi, ["credentials", i, "target"], "target", c.target, this.targets, "targets are defined in scopesync.yaml");
        const problem = cannotExpireProblem(c);
        if (problem) this.report(nhi, ["credentials", i, problem.key], problem.message, problem.hint);
      });
      // Only a discovery source reports NHIs: naming a people source here could never match.
      const discovery = Object.entries(repo.config.value.sources).filter(([, s]) => DISCOVERY_SOURCE_TYPES.has(s.type)).map(([name]) => name);
      (nhi.value.discoveredBy ?? []).forEach((ref, i) => {
        if (!discovery.includes(ref.source)) this.missing(nhi, ["discoveredBy", i, "source"], "discovery source", ref.source, discovery, `discovery sources are sources of type ${[...DISCOVERY_SOURCE_TYPES].sort().join(", ")} in scopesync.yaml`);
      });
    }
  }

  private unknownPerson(doc: Located<unknown>, path: PathSegment[], name: string, role: PersonRole, otherwise: () => void): void {
    const heir = this.options.onRenamed ? this.options.renamed?.get(name) : undefined;
    if (heir !== undefined) this.options.onRenamed!({ file: doc.file, ...doc.locate(path), name, role }, heir);
    else if (this.options.onUnknownPerson) this.options.onUnknownPerson({ file: doc.file, ...doc.locate(path), name, role });
    else otherwise();
  }

  /**
   * Without the sources' people, a name that is not in a file cannot be judged either way. With
   * them, a Person file does not make its id a person: only a source does (a leaver's overlay, or
   * a renamed person's under the old login, names nobody).
   */
  private checkIdentity(doc: Located<unknown>, path: PathSegment[], id: string, role: PersonRole): void {
    const { knownPeople } = this;
    if (!knownPeople || this.nhiIds.has(id) || knownPeople.has(id)) return;
    this.unknownPerson(doc, path, id, role, () => {
      this.names ??= new Set([...this.identities.keys(), ...this.repo.people.map((p) => p.value.id), ...knownPeople]);
      this.missing(doc, path, "identity", id, this.names, IDENTITY_WHERE);
    });
  }

  private checkPerson(doc: Located<unknown>, path: PathSegment[], id: string, role: PersonRole, what: string): void {
    if (this.nhiIds.has(id)) this.report(doc, path, `${what} "${id}" is a non-human identity; ${what}s must be people`, "name the accountable person");
    else this.checkIdentity(doc, path, id, role);
  }

  /** A Person overlay applies to a person the sources export. */
  private checkPersonFiles(): void {
    const { knownPeople } = this;
    if (!knownPeople) return;
    for (const p of this.repo.people) {
      if (knownPeople.has(p.value.id)) continue;
      // A renamed person's overlay under the old login is unknownPerson's (overlay-login-stale).
      const leaver = p.value.anchor !== undefined || this.options.leavers?.has(p.value.id) === true;
      if (leaver && this.options.onLeaverOverlay && !this.options.renamed?.has(p.value.id)) {
        this.options.onLeaverOverlay({
          file: p.file,
          ...p.locate(["id"]),
          message: `Person overlay "${p.value.id}" (${p.value.anchor !== undefined ? `anchor ${p.value.anchor}` : "in the last accepted snapshot"}) names nobody the sources export: a leaver's, whose accounts in apps that link by login the plans offboard by its login (finding overlay-without-person)`,
          hint: "remove it once no plan offboards an account of theirs any more; if they did not leave, find out why the sources no longer export them",
        });
        continue;
      }
      this.unknownPerson(p, ["id"], p.value.id, "person-file", () => this.missing(p, ["id"], "person", p.value.id, knownPeople, "a Person overlay applies to a person from the sources, by login"));
    }
  }

  private checkGroups(): void {
    for (const g of this.repo.groups) {
      // The schema refuses an owner listed twice as written; this is one listed twice in two
      // Unicode forms (e.g. é and e + U+0301), equal once the loader normalised them (identity-ids.ts).
      const owners = new Set<string>();
      (g.value.owners ?? []).forEach((o, i) => {
        if (owners.has(o)) this.report(g, ["owners", i], `owner "${o}" is listed twice in group "${g.value.id}", in two spellings of one id (such as é and e + U+0301)`, "keep one entry");
        owners.add(o);
        this.checkPerson(g, ["owners", i], o, "group-owner", "owner");
      });
      const seen = new Set<string>();
      (g.value.members ?? []).forEach((m, i) => {
        if (seen.has(m.identity)) this.report(g, ["members", i, "identity"], `"${m.identity}" is listed twice in group "${g.value.id}"`, "keep one entry");
        seen.add(m.identity);
        this.checkIdentity(g, ["members", i, "identity"], m.identity, "member");
      });
    }
  }

  private checkNhiOwners(): void {
    for (const n of this.repo.nhis) {
      if (n.value.owner) this.checkPerson(n, ["owner"], n.value.owner, "nhi-owner", "owner");
    }
  }

  /** Link decisions name records of configured sources. */
  private checkLinks(): void {
    for (const l of this.repo.links) {
      for (const list of ["links", "separate"] as const) {
        (l.value[list] ?? []).forEach((decision, i) => {
          decision.records.forEach((ref, j) => {
            const source = sourceOfRef(ref);
            if (!this.sources.has(source)) this.missing(l, [list, i, "records", j], "source", source, this.sources, "write records as source:externalId with a source from scopesync.yaml");
          });
        });
      }
    }
  }

  /** Each app policy names a configured target (one policy per target) and defined groups. */
  private checkApps(): void {
    const appsByTarget = new Map<string, Located<unknown>>();
    for (const a of this.repo.apps) {
      if (!this.targets.has(a.value.target)) this.missing(a, ["target"], "target", a.value.target, this.targets, "targets are defined in scopesync.yaml");
      const other = appsByTarget.get(a.value.target);
      if (other) this.report(a, ["target"], `target "${a.value.target}" already has an app policy (${other.file}:${other.line})`, "one app policy per target: merge them");
      else appsByTarget.set(a.value.target, a);
      (a.value.entitlements ?? []).forEach((e, i) => {
        if (!this.groups.has(e.group)) this.missing(a, ["entitlements", i, "group"], "group", e.group, this.groups.keys(), "groups are defined under identities/");
      });
      this.checkSpellings(a);
      this.checkGroupGrants(a);
      this.checkEnterpriseTeams(a);
      this.checkTeamSlugs(a);
      this.checkCredentialsBlock(a);
    }
  }

  /**
   * `credentials:` (unknown and unused credentials of accounts that keep access) is planned only in
   * a credentialsOnly target (aws-iam, entra-apps), whose accounts are NHIs another system makes.
   * Anywhere else it was accepted and did nothing: `unknown: revoke` on a github policy left a deploy
   * key no file lists working, and the plan said every target matches (rv56 finding 4). A policy
   * that says "revoke" must not silently mean nothing, so it is refused.
   */
  private checkCredentialsBlock(a: Located<AppPolicyDoc>): void {
    if (a.value.credentials === undefined) return;
    const type = this.repo.config.value.targets[a.value.target]?.type;
    if (!type || !(type in TARGET_CAPABILITIES) || TARGET_CAPABILITIES[type as TargetType].credentialsOnly) return;
    const governed = Object.entries(TARGET_CAPABILITIES).filter(([, t]) => t.credentialsOnly).map(([name]) => name).sort().join(" and ");
    const how = type === "github"
      ? "to revoke deploy keys and token grants no file declares, read them with a discovery source of type github (options.deployKeys, options.patGrants) with options.undeclared: quarantine: each one no reviewed file in identities/ declares is then revoked"
      : TARGET_CAPABILITIES[type as TargetType].supportsCredentials
        ? "an offboarded identity's credentials here are revoked with its account without it"
        // SCIM has users and groups, no credential resource: nothing here revokes a key, with or without the block.
        : `a ${type} target revokes no credentials: a key an NHI's file lists with \`target: ${a.value.target}\` stays valid when its account is disabled, and the plan names it (nhi-offboarded-credential-active) for revocation in the app's admin console`;
    // At the key: the block's value starts on the line after it when written in block style.
    this.out.push({ file: a.file, ...a.locateKey(["credentials"]), message: `credentials: is governed only in ${governed} targets; target "${a.value.target}" is of type ${type}, where it would neither revoke nor report any credential (no plan judges unknown or unused ones there)`, hint: `remove credentials: from this policy; ${how}` });
  }

  /**
   * `groupGrants` names only what the target's groups can hold and its connector can set
   * (TargetCapabilities.groupGrants). Anything else would be planned, reviewed and approved, then
   * refused by apply: a GitHub team's `org-role:<name>` is read (it makes membership privileged)
   * but is assigned in GitHub, not here.
   */
  private checkGroupGrants(a: Located<AppPolicyDoc>): void {
    const type = this.repo.config.value.targets[a.value.target]?.type;
    if (!type || !(type in TARGET_CAPABILITIES)) return;
    const allowed = TARGET_CAPABILITIES[type as TargetType].groupGrants;
    // A type without group grants reads no groups: its plan says so (group-grants-unplanned) and plans none.
    if (!allowed) return;
    for (const [group, list] of Object.entries(a.value.groupGrants ?? {})) {
      list.forEach((e, i) => {
        if (allowed.test(e)) return;
        const roleHint = type === "github" && e.startsWith("org-role:") ? `assign the organization role to the team in GitHub (Organization settings → Roles): scopesync reads it and marks the team's membership privileged where the role is; then remove "${e}" from groupGrants` : `remove "${e}" from groupGrants`;
        this.report(a, ["groupGrants", group, i], `groupGrants gives ${group} "${e}", which scopesync cannot set on a group of target "${a.value.target}" (${type}): apply would refuse it, so it is never planned for review`, `${roleHint}; a team's own grants are repo:<name>:<read|triage|write|maintain|admin>`);
      });
    }
  }

  /**
   * A GitHub enterprise team ("ent:<name>": "GitHub generates the enterprise team's slug from the
   * team name and adds the ent: prefix", REST docs *Enterprise teams*) is listed with the org's
   * teams, but its membership is the enterprise's: GitHub refuses org-level changes to it ("422:
   * Unprocessable entity if you attempt to modify an enterprise team at the organization level").
   * A grant or revoke of it, or of its repository access, would be reviewed and then fail at apply;
   * so it is refused here. Its members are read, and a leaver it keeps in the org is said in the plan.
   */
  private checkEnterpriseTeams(a: Located<AppPolicyDoc>): void {
    if (this.repo.config.value.targets[a.value.target]?.type !== "github") return;
    const fix = (e: string): string => `remove "${e}" from this policy: who is in ${e.slice("team:".length)} is set in the enterprise (enterprise settings → People → Enterprise teams, or its identity provider group), and scopesync reads its members and says in the plan when one it keeps in the org leaves`;
    const what = (e: string): string => `"${e}" is a GitHub enterprise team (slug "ent:…") of target "${a.value.target}": the enterprise manages it, and GitHub refuses changes to it at the organization level, so scopesync cannot`;
    (a.value.entitlements ?? []).forEach((e, i) => {
      if (e.entitlement.startsWith("team:ent:")) this.report(a, ["entitlements", i, "entitlement"], `${what(e.entitlement)} grant or revoke it`, fix(e.entitlement));
    });
    for (const group of Object.keys(a.value.groupGrants ?? {})) {
      if (group.startsWith("team:ent:")) this.out.push({ file: a.file, ...a.locateKey(["groupGrants", group]), message: `${what(group)} set what it holds`, hint: fix(group) });
    }
  }

  /**
   * A GitHub team is named by its slug, which GitHub makes from the team's name in lower case
   * ("changes all words to lowercase", REST API *Get a team by name*), and team names ignore case:
   * `team:Engineering` is the team `engineering`. The plan compares it so (entitlementKey), but it
   * would still show a name GitHub never shows, and apply would send it as a slug; so the slug is
   * asked for as GitHub writes it.
   */
  private checkTeamSlugs(a: Located<AppPolicyDoc>): void {
    if (this.repo.config.value.targets[a.value.target]?.type !== "github") return;
    const notSlug = (e: string): boolean => e.startsWith("team:") && e !== e.toLowerCase();
    const what = (e: string): string => `"${e}" is not a GitHub team slug: GitHub makes a team's slug from its name in lower case, so the team it names in target "${a.value.target}" is "${e.toLowerCase()}"`;
    const fix = (e: string): string => `write "${e.toLowerCase()}" (the team's slug, as its URL github.com/orgs/<org>/teams/${e.slice("team:".length).toLowerCase()} shows it)`;
    (a.value.entitlements ?? []).forEach((e, i) => {
      if (notSlug(e.entitlement)) this.report(a, ["entitlements", i, "entitlement"], what(e.entitlement), fix(e.entitlement));
    });
    for (const group of Object.keys(a.value.groupGrants ?? {})) {
      if (notSlug(group)) this.out.push({ file: a.file, ...a.locateKey(["groupGrants", group]), message: what(group), hint: fix(group) });
    }
    if (a.value.admins && notSlug(a.value.admins.entitlement)) this.report(a, ["admins", "entitlement"], what(a.value.admins.entitlement), fix(a.value.admins.entitlement));
  }

  /**
   * One entitlement is spelled one way in an app policy. Where the target compares group names
   * case-insensitively (SCIM), `group:Finance-Approvers` beside `group:finance-approvers` is the
   * same app group: a second spelling would look like another group to a reviewer and to a rule
   * that names the first, while the app grants the privileged one.
   */
  private checkSpellings(a: Located<AppPolicyDoc>): void {
    const ignoreCase = ignoresGroupCase(this.repo.config.value, a.value.target);
    const first = new Map<string, { spelling: string; line: number }>();
    (a.value.entitlements ?? []).forEach((e, i) => {
      const key = entitlementKey(e.entitlement, ignoreCase);
      const seen = first.get(key);
      if (!seen) first.set(key, { spelling: e.entitlement, line: a.locate(["entitlements", i, "entitlement"]).line });
      else if (seen.spelling !== e.entitlement) {
        this.report(a, ["entitlements", i, "entitlement"], `"${e.entitlement}" and "${seen.spelling}" (${a.file}:${seen.line}) are one group of target "${a.value.target}", which compares group names case-insensitively`, `spell it "${seen.spelling}" as ${a.file}:${seen.line} does, so both mappings grant one entitlement, privileged if either is`);
      }
    });
  }

  /** Built-in rule settings and custom rule ids; returns the custom rule ids. */
  private checkRuleSets(): Set<string> {
    const customRules = new Map<string, Located<unknown>>();
    for (const r of this.repo.ruleSets) {
      for (const id of Object.keys(r.value.builtins ?? {})) this.checkBuiltin(r, id);
      (r.value.rules ?? []).forEach((rule, i) => {
        const reserved = reservedRuleId(rule.id);
        if (reserved) this.report(r, ["rules", i, "id"], `custom rule "${rule.id}" ${reserved}`, `give the custom rule its own id${RULE_IDS.has(rule.id) ? ", or configure the built-in one under `builtins:`" : ""}; reserved: ${RESERVED_RULE_IDS_TEXT}`);
        const first = customRules.get(rule.id);
        if (first) this.report(r, ["rules", i, "id"], `duplicate rule id "${rule.id}" (first defined at ${first.file}:${first.line})`, "rule ids must be unique across rule sets");
        else customRules.set(rule.id, r);
      });
    }
    return new Set(customRules.keys());
  }

  private checkBuiltin(r: Located<RuleSetDoc>, id: string): void {
    if (!RULE_IDS.has(id)) {
      const guess = closest(id, RULE_IDS);
      this.out.push({ file: r.file, ...r.locateKey(["builtins", id]), message: `built-in rule "${id}" is not defined`, hint: `${guess ? `did you mean "${guess}"? ` : ""}(docs/rules.md lists the built-in rules)` });
      return;
    }
    if (LOAD_TIME_RULES.some((l) => l.id === id)) {
      this.out.push({ file: r.file, ...r.locateKey(["builtins", id]), message: `"${id}" is enforced while the repository loads and cannot be configured`, hint: "remove this entry; move the secret out of the repository instead" });
      return;
    }
    const settings = BUILTIN_RULE_SETTINGS[id as BuiltinRuleId];
    for (const [key, value] of Object.entries(r.value.builtins![id]!)) {
      if (key === "enabled" || key === "severity") continue;
      const kind = settings?.[key];
      if (!kind) {
        this.out.push({ file: r.file, ...r.locateKey(["builtins", id, key]), message: `rule "${id}" has no setting "${key}"`, hint: settings ? `its settings: enabled, severity, ${Object.keys(settings).join(", ")}` : "its settings: enabled, severity" });
      } else if (typeof value !== "string" || !isDuration(value)) {
        this.out.push({ file: r.file, ...r.locate(["builtins", id, key]), message: `${id}.${key} must be a duration such as 90d, not ${JSON.stringify(value)}`, hint: "write a duration: 30d, 12h, 2w, P30D" });
      }
    }
  }
  /**
   * One discovered record is one NHI: two files (or one file twice) naming the same `{ source, id }`
   * under `discoveredBy` would each be given it, and planning would give it to the file read last,
   * by file name alone: an expired agent's token left working, or an active agent's revoked
   * (rv63 #3). Ids are compared as the planner matches them, in any case.
   */
  private checkDiscoveryClaims(): void {
    const claimed = new Map<string, { nhi: Located<NhiDoc>; line: number }>();
    for (const nhi of this.repo.nhis) {
      (nhi.value.discoveredBy ?? []).forEach((ref, i) => {
        const key = `${ref.source}\0${ref.id.toLowerCase()}`;
        const first = claimed.get(key);
        const path = ["discoveredBy", i];
        if (!first) claimed.set(key, { nhi, line: nhi.locate(path).line });
        else if (first.nhi === nhi) this.report(nhi, path, `discoveredBy lists ${ref.source}:${ref.id} twice (also at line ${first.line})`, "keep one entry");
        else {
          this.report(
            nhi,
            path,
            `${nhi.value.id} claims the discovered record ${ref.source}:${ref.id}, which ${first.nhi.value.id} claims too (${first.nhi.file}:${first.line}): one record is one NHI, and nothing can be planned for either while both claim it`,
            "keep it in the file of the NHI it is and remove it from the other; tools that share one credential are one NHI to the system that issued it: declare them as one, or give each its own credential",
          );
        }
      });
    }
  }

  /**
   * A renamed NHI's earlier ids (`formerIds`) are ids no file defines now, each claimed by one NHI:
   * the accounts and logins they had pass to it, so two claimants, or a live identity under the
   * same id, would each have them.
   */
  private checkFormerIds(): void {
    const claimed = new Map<string, Located<NhiDoc>>();
    for (const nhi of this.repo.nhis) {
      (nhi.value.formerIds ?? []).forEach((id, i) => {
        const path = ["formerIds", i];
        const live = this.identities.get(id);
        const first = claimed.get(id);
        if (id === nhi.value.id) this.report(nhi, path, `formerIds names "${id}", this NHI's own id`, "list only the ids it had before it was renamed");
        else if (live) this.report(nhi, path, `formerIds names "${id}", which ${live.file}:${live.locate(["id"]).line} defines: an earlier id is one no file defines any more`, `remove "${id}" here, or rename the identity in ${live.file}`);
        else if (first) this.report(nhi, path, `"${id}" is an earlier id of ${first.value.id} too (${first.file}:${first.locate(["id"]).line}): only one NHI can have been it`, "keep it in the file of the NHI that was renamed from it");
        else claimed.set(id, nhi);
      });
    }
  }

  /** Exceptions name an existing rule, a known identity and a person as approver. */
  private checkExceptions(allRules: ReadonlySet<string>): void {
    for (const r of this.repo.ruleSets) {
      (r.value.exceptions ?? []).forEach((e, i) => {
        if (LOAD_TIME_RULES.some((l) => l.id === e.rule)) this.report(r, ["exceptions", i, "rule"], `"${e.rule}" cannot be excepted: a secret in the repository is never acceptable`, "remove the secret from the repository and rotate it");
        else if (!allRules.has(e.rule)) this.missing(r, ["exceptions", i, "rule"], "rule", e.rule, allRules, "an exception names a built-in rule or a custom rule id");
        this.checkIdentity(r, ["exceptions", i, "identity"], e.identity, "exception-identity");
        this.checkPerson(r, ["exceptions", i, "approver"], e.approver, "approver", "approver");
      });
    }
  }
}

/** Reports ids defined twice (pointing at the first definition) and returns the first of each. */
function unique<T extends { id: string }>(out: Diagnostic[], what: string, docs: Located<T>[]): Map<string, Located<T>> {
  const first = new Map<string, Located<T>>();
  for (const d of docs) {
    const prior = first.get(d.value.id);
    if (prior) {
      out.push({ file: d.file, ...d.locate(["id"]), message: `duplicate ${what} id "${d.value.id}" (first defined at ${prior.file}:${prior.locate(["id"]).line})`, hint: "ids must be unique across all files; rename one" });
    } else first.set(d.value.id, d);
  }
  return first;
}

function isDuration(value: string): boolean {
  try {
    parseDuration(value);
    return true;
  } catch {
    return false;
  }
}
