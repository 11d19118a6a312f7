// nhi-offboarded-still-working: an NHI the plan offboards for a reason no other rule reports it
// for (its file's `status: disabled`, a service account past `expiresAt`), that something keeps
// working (switch-off.ts). Without it a disabled agent running
// as a GitHub App installation planned 0 changes and the plan said "Every target matches the
// desired state" while the App kept write access. An owner gone is nhi-owner-active's to say, an
// agent past `expiresAt` agent-expired's, a quarantine as undeclared nhi-undeclared's (one finding
// per record of an export that can hold hundreds of thousands): each asks switch-off.ts the same.
import type { NhiDoc } from "../../../model/documents.js";
import type { Identity } from "../../../model/identity.js";
import type { Located } from "../../../model/located.js";
import { isExpired } from "../../../model/time.js";
import { nhiOffboarding, ownerGone, ownerUnknown } from "../../lifecycle.js";
import type { BuiltinRule, RuleContext, RuleHit } from "../rule.js";
import { disabledBySystem } from "./kept-sign-ins.js";
import { notSwitchedOff } from "./switch-off.js";

export const nhiOffboardedStillWorking: BuiltinRule = {
  id: "nhi-offboarded-still-working",
  title: "An offboarded NHI that keeps working is named, with how to switch it off",
  defaultSeverity: "warning",
  controls: ["OWASP-NHI1", "NIST-SP800-53-AC-2(3)"],
  remediation: "switch it off by hand where the message says, then keep its file as it is",
  *check(ctx) {
    const missingUnknown = ctx.sourcesFailingGates.length + ctx.sourcesUnproven.length > 0;
    const docs = new Map(ctx.repo.nhis.map((d) => [d.value.id, d]));
    for (const identity of ctx.identities) {
      // Declared NHIs: one no file declares is offboarded only by its system, its owner or a
      // quarantine as undeclared, which its system, nhi-owner-active and nhi-undeclared tell.
      if (identity.kind === "person" || identity.definedAt === undefined) continue;
      const off = nhiOffboarding(identity, ctx.byId, ctx.now, missingUnknown);
      if (!off || (off.why !== "nhi-disabled" && off.why !== "nhi-expired")) continue;
      // Its own system disabled it: nothing of it works there (a key on another target is nhi-offboarded-credential-active's).
      if (off.why === "nhi-disabled" && disabledBySystem(identity)) continue;
      if (toldElsewhere(identity, ctx, missingUnknown)) continue;
      const gap = notSwitchedOff(identity, ctx, { head: `${identity.id} is offboarded (${off.reason})`, verb: "offboards" });
      if (!gap) continue;
      yield { identity: identity.id, ...gap, location: where(identity, docs.get(identity.id), off.why) } satisfies RuleHit;
    }
  },
};

/** nhi-owner-active (its owner gone) or agent-expired reports it, with the same answer. */
function toldElsewhere(identity: Identity, ctx: RuleContext, missingUnknown: boolean): boolean {
  if (identity.kind === "agent" && identity.definedAt !== undefined && identity.expiresAt !== undefined && isExpired(identity.expiresAt, ctx.now)) return true;
  return ownerGone(identity, ctx.byId, ctx.now) !== undefined && !ownerUnknown(identity, ctx.byId, missingUnknown, ctx.now);
}

/** The file's `status:` or `expiresAt:` line. */
function where(identity: Identity, doc: Located<NhiDoc> | undefined, why: string): string {
  if (doc) return `${doc.file}:${doc.locate([why === "nhi-expired" ? "expiresAt" : "status"]).line}`;
  return identity.definedAt!;
}
