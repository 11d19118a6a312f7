import type { Diagnostic } from "./config/diagnostic.js";
import type { PolicyRepo } from "./model/policy-repo.js";
import { checkReferences, type PersonRole } from "./config/references.js";
import type { Finding } from "./model/finding.js";

export interface ReferenceCheck {
  /** Problems in the repository itself: planning stops on them. */
  errors: Diagnostic[];
  /** Names of people the sources no longer export: planning goes on and says so. */
  findings: Finding[];
}

/** What the line names the person as, and what planning does with a name no source exports. */
const ROLES: Record<Exclude<PersonRole, "person-file">, { as: string; follows: string }> = {
  "nhi-owner": { as: "owner", follows: "the NHI is quarantined until a new owner is named" },
  "group-owner": { as: "owner", follows: "the group has one accountable owner fewer" },
  member: { as: "member", follows: "the explicit membership grants nothing" },
  "exception-identity": { as: "identity", follows: "the exception matches nobody" },
  approver: { as: "approver", follows: "the exception no longer applies: a waiver needs an approver who is still an active person" },
};

/** What planning knows about the people beyond who the sources export. */
export interface PeopleContext {
  /** Earlier logins of people the sources renamed → their login now (identity.formerIds). */
  renamed?: ReadonlyMap<string, string>;
  /** A source failed its quality gates: a person it does not export is unknown, not gone. */
  gatesFailed?: boolean;
  /** A source's export cannot be proven complete (source-unproven-export): a person it does not export is unknown too. */
  unproven?: boolean;
}

/**
 * What a name no source exports does while a source fails its gates (or cannot prove its export
 * complete): the person may be a record that export lost, so nothing follows from their absence
 * yet. An owner's NHI is not quarantined (lifecycle.ts ownerUnknown); a member's accounts are left
 * as they are (resolve/held.ts), so saying the membership "grants nothing" would tell a reviewer
 * that access ended on a day the plan keeps it.
 */
const WHILE_UNKNOWN: Partial<Record<Exclude<PersonRole, "person-file">, { gatesFailed: string; unproven: string }>> = {
  "nhi-owner": {
    gatesFailed: "the NHI is not quarantined while a source fails its quality gates (the owner may be a record the export lost); it will be if they are still missing once the sources pass",
    unproven: "the NHI is not quarantined while a source's export cannot be proven complete (source-unproven-export: the owner may be a record the export lacks); it will be if they are still missing once every export is proven complete",
  },
  member: {
    gatesFailed: "while a source fails its quality gates the member may be a record the export lost, whose accounts are left as they are (the gate finding names them): nothing they hold is taken away; the membership lapses if they are still missing once the sources pass",
    unproven: "while a source's export cannot be proven complete (source-unproven-export) the member may be a record the export lacks, whose accounts are left as they are: nothing they hold is taken away; the membership lapses if they are still missing once every export is proven complete",
  },
};

/** What follows from `role`'s name being in no source, given whether every source can be trusted about absences today. */
function follows(role: Exclude<PersonRole, "person-file">, context: PeopleContext): string {
  const unknown = WHILE_UNKNOWN[role];
  if (unknown && context.gatesFailed) return unknown.gatesFailed;
  if (unknown && context.unproven) return unknown.unproven;
  return ROLES[role].follows;
}

/** What a reference by a renamed person's earlier login does, until it is rewritten. */
const WHILE_KNOWN = "only while the rename is known (an overlay that still has the old id, or the last accepted snapshot)";
const RENAMED: Record<Exclude<PersonRole, "person-file">, (heir: string) => string> = {
  "nhi-owner": (heir) => `the NHI stays owned by ${heir}, ${WHILE_KNOWN}; then it is quarantined`,
  "group-owner": () => "the group has one accountable owner fewer",
  member: (heir) => `the explicit membership counts for ${heir}, ${WHILE_KNOWN}; then it grants nothing`,
  "exception-identity": () => "the exception matches nobody",
  approver: () => "the exception no longer applies: a waiver needs an approver who is still an active person",
};

/** What a reference by a renamed NHI's earlier id does until it is rewritten (its file's formerIds). */
const NHI_RENAMED: Partial<Record<Exclude<PersonRole, "person-file">, (heir: string) => string>> = {
  member: (heir) => `the explicit membership counts for ${heir} while its file lists that id under formerIds`,
};

/**
 * What a reference by a renamed identity's earlier login does until it is rewritten, and the fix:
 * reference-login-stale's words, which validate gives too. `nhi`: the heir is an NHI whose file
 * lists the name under `formerIds`, not a person the sources renamed.
 */
export function renamedReference(role: Exclude<PersonRole, "person-file">, name: string, heir: string, nhi = false): { message: string; remediation: string } {
  const renamedNhi = nhi ? NHI_RENAMED[role] : undefined;
  if (nhi) {
    return {
      message: `${ROLES[role].as} "${name}" is an earlier id of ${heir}, renamed in its file: ${renamedNhi ? renamedNhi(heir) : RENAMED[role](heir)}`,
      remediation: `write ${heir} instead of ${name}`,
    };
  }
  return {
    message: `${ROLES[role].as} "${name}" is the earlier login of ${heir}, whom the sources renamed: ${RENAMED[role](heir)}`,
    remediation: `write ${heir} instead of ${name}, in the pull request that renames the overlay or accepts the snapshot`,
  };
}

/**
 * Checks the repository's references against the people the sources export. `validate` stops on
 * a name no source exports, since in a pull request that is a typo. Planning must not: a leaver
 * whom HR drops from the export, rather than marking terminated, is still named as an NHI's owner,
 * a group member or in a Person file, and stopping there would halt every plan, and with it the
 * offboarding of that leaver and of everyone else. Each such name keeps its own meaning instead
 * (ROLES), and the plan carries a warning at the line that names it.
 */
export function checkPeopleReferences(repo: PolicyRepo, people: ReadonlySet<string>, context: PeopleContext = {}): ReferenceCheck {
  const renamed = context.renamed ?? new Map<string, string>();
  const findings: Finding[] = [];
  const errors = checkReferences(repo, people, {
    renamed,
    onRenamed: ({ file, line, name, role }, heir) => {
      // A Person file for a renamed person is already the resolver's overlay-login-stale warning.
      if (role === "person-file") return;
      findings.push({ rule: "reference-login-stale", severity: "warning", identity: heir, ...renamedReference(role, name, heir, isNhi(repo, heir)), location: `${file}:${line}` });
    },
    onUnknownPerson: ({ file, line, name, role }) => {
      // A Person file for nobody is already the resolver's overlay-without-person warning.
      if (role === "person-file") return;
      findings.push({
        rule: "person-not-in-sources",
        severity: "warning",
        identity: name,
        message: `${ROLES[role].as} "${name}" is a person no source exports: ${follows(role, context)}`,
        remediation: "name someone who is in the sources, or remove the entry, in a pull request (scopesync validate reports it as an error)",
        location: `${file}:${line}`,
      });
    },
  });
  return { errors, findings };
}

/** Is `id` an NHI a file defines (whose earlier ids are its file's formerIds)? */
export function isNhi(repo: PolicyRepo, id: string): boolean {
  return repo.nhis.some((n) => n.value.id === id);
}
