// Rules on what the discovery sources report: NHIs no file declares, declared ones no system
// reports, credentials nobody uses, and long-lived keys where the platform offers short-lived
// federation. Each message carries the fix in the system's own terms.
import type { CredentialDoc } from "../../../model/documents.js";
import type { Identity } from "../../../model/identity.js";
import { DAY, parseDate, parseDuration } from "../../../model/time.js";
import type { BuiltinRule, RuleContext } from "../rule.js";
import { credentialLabel, eachCredential } from "./credential-list.js";
import { issuingSystem, revokeCommand } from "./revoke-command.js";
import { notSwitchedOff } from "./switch-off.js";


/** Discovered NHIs no file declares; the platform's own (AWS service-linked roles, default service accounts) aside. */
function undeclared(ctx: RuleContext): Identity[] {
  return ctx.identities.filter((i) => i.kind !== "person" && i.discoveredBy?.length && i.definedAt === undefined && i.attributes.platformManaged !== true);
}

const recordAt = (identity: Identity): string => identity.provenance.userName?.at ?? identity.id;

const UNDECLARED_FIX = "declare it in identities/ with an owner and purpose (`scopesync nhi propose --out DIR` writes the file for review), or delete it in the system";

export const nhiUndeclared: BuiltinRule = {
  id: "nhi-undeclared",
  title: "Every NHI a system reports is declared in the repository",
  defaultSeverity: "warning",
  controls: ["OWASP-NHI1", "NIST-CSF-ID.AM-02", "NIST-CSF-PR.AA-01"],
  remediation: UNDECLARED_FIX,
  *check(ctx) {
    const people = namesakes(ctx);
    // One hit at a time (see BuiltinRule.check): an export can report hundreds of thousands.
    for (const identity of undeclared(ctx)) {
      if (quarantineWithheld(ctx, identity)) continue;
      const quarantined = identity.attributes.quarantined === "undeclared";
      // One a person signs in with says so here too: under `undeclared: report` this is its only finding.
      const signsIn = identity.attributes.interactiveLogin === true ? `, and a person can sign in with it (a console password): most likely a person's account rather than a shadow NHI${namesakeOf(people, identity)}` : "";
      const head = `${identity.kind} ${identity.id} (${identity.records.join(", ")}) is reported by ${identity.discoveredBy!.join(", ")} and declared in no file${signsIn}`;
      // A quarantine that switches nothing off is not called "disabled downstream": what keeps working is said here (switch-off.ts).
      const gap = quarantined ? notSwitchedOff(identity, ctx, { head: `${head}; it is quarantined until a reviewed file declares it`, verb: "offboards", next: UNDECLARED_FIX }) : undefined;
      if (gap) yield { identity: identity.id, ...gap, location: recordAt(identity) };
      else yield { identity: identity.id, message: `${head}${quarantined ? "; it is quarantined (disabled downstream) until a reviewed file declares it" : ""}`, location: recordAt(identity) };
    }
  },
};

/**
 * An undeclared NHI that a source set to `undeclared: quarantine` reports, but that a person signs
 * in with (an IAM user with a console password): reconcile-nhis.ts does not quarantine it, and
 * nhi-undeclared-interactive, not nhi-undeclared, says why.
 */
function quarantineWithheld(ctx: RuleContext, identity: Identity): boolean {
  return identity.attributes.interactiveLogin === true && identity.undeclared === "report" && (identity.discoveredBy ?? []).some((s) => ctx.repo.config.value.sources[s]?.options?.["undeclared"] === "quarantine");
}

/**
 * People by login and by each of their e-mail addresses, lower case, made when first asked: an IAM
 * user named after someone ("tom.baker", "tom.baker@corp.example") is most likely their console
 * access, which offboarding them in the apps does not reach.
 */
function namesakes(ctx: RuleContext): () => ReadonlyMap<string, Identity> {
  let index: Map<string, Identity> | undefined;
  return () => {
    if (!index) {
      index = new Map();
      for (const i of ctx.identities) {
        if (i.kind !== "person") continue;
        index.set(i.id, i);
        const emails = i.attributes.emails;
        if (Array.isArray(emails)) for (const e of emails) if (!index.has(e)) index.set(e, i);
      }
    }
    return index;
  };
}

/** "; it is named after tom.baker, who left (terminated on 2026-11-20): …", or "" when no person's login or e-mail names it. */
function namesakeOf(people: () => ReadonlyMap<string, Identity>, identity: Identity): string {
  for (const record of identity.records) {
    const person = people().get(record.slice(record.indexOf(":") + 1).toLowerCase());
    if (!person) continue;
    const left = typeof person.attributes.terminationDate === "string" ? ` on ${person.attributes.terminationDate}` : "";
    const standing =
      person.status === "terminated" ? `, who left (terminated${left}): most likely their own, and scopesync does not offboard IAM users, so it stays open until someone deletes it`
      : person.status === "suspended" ? ", who is on leave (suspended): most likely their own, open while they are away"
      : ", most likely their own";
    return `; it is named after ${person.id}${standing}`;
  }
  return "";
}

export const nhiUndeclaredInteractive: BuiltinRule = {
  id: "nhi-undeclared-interactive",
  title: "An undeclared identity a person signs in with is decided by a person",
  defaultSeverity: "warning",
  controls: ["OWASP-NHI1", "OWASP-NHI10", "NIST-CSF-ID.AM-02", "NIST-SP800-53-AC-2"],
  remediation: "if it is a person's IAM user, move them to federated sign-in (IAM Identity Center) and delete the user in AWS; if it is a machine, remove its console password and declare it in identities/ (`scopesync nhi propose --out DIR`); if nobody knows it, disable its password and keys in AWS",
  check: (ctx) => {
    const people = namesakes(ctx);
    return undeclared(ctx).filter((identity) => quarantineWithheld(ctx, identity)).map((identity) => ({
      identity: identity.id,
      message: `${identity.kind} ${identity.id} (${identity.records.join(", ")}) is reported by ${identity.discoveredBy!.join(", ")} and declared in no file, and a person can sign in with it (a console password): most likely a person's account rather than a shadow NHI, so it is not quarantined (undeclared: quarantine)${namesakeOf(people, identity)}; its credentials keep working until someone decides`,
      location: recordAt(identity),
    }));
  },
};

export const nhiNotFound: BuiltinRule = {
  id: "nhi-not-found",
  title: "Every declared NHI is found where its file says it lives",
  defaultSeverity: "warning",
  controls: ["NIST-CSF-ID.AM-02", "OWASP-NHI1"],
  remediation: "if the NHI was deleted in the system, remove its file in a reviewed PR; if it was renamed, correct `discoveredBy`; nothing is removed until then",
  check: (ctx) =>
    ctx.identities
      .filter((i) => i.notFoundIn?.length)
      .map((identity) => ({ identity: identity.id, message: `${identity.id} is not reported by ${identity.notFoundIn!.join(", ")}, which was read`, ...(identity.definedAt ? { location: identity.definedAt } : {}) })),
};

export const credentialUnused: BuiltinRule = {
  id: "credential-unused",
  title: "Credentials nobody uses are revoked",
  defaultSeverity: "warning",
  controls: ["OWASP-NHI7", "OWASP-NHI1", "NIST-SP800-53-AC-2(3)"],
  remediation: "revoke the credential in the system that issued it (the message gives the command); issue a new one if it is needed again",
  check: (ctx) => {
    const maxUnused = typeof ctx.settings["maxUnused"] === "string" ? ctx.settings["maxUnused"] : "90d";
    const limit = parseDuration(maxUnused);
    return eachCredential(ctx, ({ identity, credential: c }) => {
      if (!c.discoveredBy || c.managedBy === "system") return undefined;
      const since = c.lastUsedAt ?? (c.neverUsed ? c.issuedAt : undefined);
      if (since === undefined) return undefined;
      const age = ctx.now - parseDate(since);
      if (age <= limit) return undefined;
      const days = Math.floor(age / DAY);
      const what = c.lastUsedAt ? `was last used ${days} days ago (${c.lastUsedAt})` : `was never used in the ${days} days since it was issued (${c.issuedAt})`;
      return { identity: identity.id, message: `${credentialLabel(c)} ${what}; the limit is ${maxUnused}: revoke it`, remediation: revokeCommand(identity, c, issuingSystem(c, ctx.repo.config.value)) };
    });
  },
};

export const nhiLongLivedKey: BuiltinRule = {
  id: "nhi-long-lived-key",
  title: "CI identities use short-lived federation, not long-lived keys",
  defaultSeverity: "warning",
  controls: ["OWASP-NHI7", "OWASP-NHI2", "NIST-SP800-53-IA-5(1)"],
  remediation: "trust the CI's OIDC issuer in the platform and delete the key",
  check: (ctx) =>
    eachCredential(ctx, ({ identity, credential: c }) => {
      if (!c.discoveredBy || c.managedBy === "system" || !isCi(identity)) return undefined;
      const fix = federationFix(identity, c);
      return fix ? { identity: identity.id, message: `${credentialLabel(c)} is a long-lived secret of a CI identity, and ${fix.offer}`, remediation: fix.how } : undefined;
    }),
};

/** CI: its file says `workload: ci`, or it already federates with a CI's OIDC issuer (the key is then a leftover). */
function isCi(identity: Identity): boolean {
  return identity.attributes.workload === "ci" || identity.attributes.federation === "github-actions";
}

function federationFix(identity: Identity, c: CredentialDoc): { offer: string; how: string } | undefined {
  const type = identity.attributes.awsPrincipalType;
  if (typeof type === "string") {
    if (identity.attributes.federationAvailable !== "github-actions") return undefined;
    return {
      offer: "the AWS account already trusts GitHub's OIDC issuer (token.actions.githubusercontent.com)",
      how: `create a role the workflow assumes (aws-actions/configure-aws-credentials with role-to-assume, trust condition on token.actions.githubusercontent.com:sub), move the workflow to it, then delete ${c.id} of IAM user ${c.principal ?? identity.id}`,
    };
  }
  if (identity.attributes.entraAppId !== undefined) {
    return {
      offer: identity.attributes.federation === "github-actions" ? "the application already has a federated credential for GitHub Actions" : "Entra accepts federated identity credentials for GitHub Actions",
      how: `add a federated identity credential (issuer https://token.actions.githubusercontent.com, subject repo:OWNER/REPO:environment:NAME) to application ${String(identity.attributes.entraAppId)}, use azure/login with client-id only, then delete client secret ${c.id}`,
    };
  }
  if (identity.attributes.gcpProject !== undefined) {
    return { offer: "Google Cloud offers Workload Identity Federation", how: `create a workload identity pool with a GitHub OIDC provider, let the workflow impersonate ${c.principal ?? identity.id} (google-github-actions/auth with workload_identity_provider), then delete key ${c.id}` };
  }
  if (identity.attributes.k8sNamespace !== undefined) {
    return { offer: "Kubernetes issues short-lived projected service account tokens", how: `mount a projected serviceAccountToken (or call TokenRequest) instead, then delete secret ${c.id} in namespace ${String(identity.attributes.k8sNamespace)}` };
  }
  return undefined;
}
