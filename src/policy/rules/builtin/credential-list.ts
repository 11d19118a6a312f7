// The credentials the credential rules judge: every credential of every NHI still in use, from
// its file or from the system that issued it. A discovered credential is judged on the system's
// own dates; one the system has switched off (inactive, disabled) no longer needs rotating.
import type { CredentialDoc, NhiDoc } from "../../../model/documents.js";
import type { Identity } from "../../../model/identity.js";
import type { Located } from "../../../model/located.js";
import { isExpired } from "../../../model/time.js";
import { ownerGone, ownerUnknown, quarantineExempt } from "../../lifecycle.js";
import type { RuleContext, RuleHit } from "../rule.js";
import { isAwsRootUser } from "./aws-root.js";

/**
 * A credential of an NHI that is still in use, and where it is written or was reported. A class,
 * not an object with a closure: the list is kept as long as the plan, one entry per credential,
 * and a closure with its context for each made the heap a plan adds after its rules 556 bytes a
 * finding instead of 483 (252,000 findings on 90,000 NHIs, nearly all discovered).
 */
export class InUse {
  private at: string | undefined;

  constructor(
    readonly identity: Identity,
    readonly credential: CredentialDoc,
    /** The identity's file, when the credential is written in it (`written` its index there). */
    private readonly doc: Located<NhiDoc> | undefined,
    private readonly written: number,
  ) {}

  /** file:line of a credential written in YAML, or the export position it was read from. */
  location(): string {
    return (this.at ??= this.doc ? `${this.doc.file}:${this.doc.locate(["credentials", this.written]).line}` : discoveredAt(this.identity, this.credential));
  }
}

/**
 * The credentials in use, by the identities they were worked out for. Several rules walk the same
 * list; with 20k NHIs, deciding for each of them (owner lookups, dates) once per rule took longer
 * than the rules themselves.
 */
const inUseCache = new WeakMap<RuleContext["byId"], { repo: RuleContext["repo"]; now: number; list: InUse[] }>();

export function credentialsInUse(ctx: RuleContext): InUse[] {
  const cached = inUseCache.get(ctx.byId);
  if (cached && cached.repo === ctx.repo && cached.now === ctx.now) return cached.list;
  const docs = new Map<string, Located<NhiDoc>>(ctx.repo.nhis.map((d) => [d.value.id, d]));
  const list: InUse[] = [];
  for (const identity of ctx.identities) {
    if (identity.kind === "person" || !identity.credentials?.length) continue;
    // The AWS root user's keys are not to be rotated, given an expiry or revoked by IAM user name:
    // they should not exist, and only the root user can delete them (aws-root-user says so).
    if (isAwsRootUser(identity)) continue;
    const offboarded = identity.status !== "active" || (identity.expiresAt !== undefined && isExpired(identity.expiresAt, ctx.now)) || (!quarantineExempt(identity) && !ownerUnknown(identity, ctx.byId, ctx.sourcesFailingGates.length + ctx.sourcesUnproven.length > 0, ctx.now) && ownerGone(identity, ctx.byId, ctx.now) !== undefined);
    if (offboarded) continue;
    const doc = docs.get(identity.id);
    for (const credential of identity.credentials) {
      if (credential.status === "inactive" || credential.status === "disabled") continue;
      // By id, not by object: identities read back from a resolve snapshot (sharded planning) hold copies.
      const written = doc && !credential.discoveredBy ? (doc.value.credentials ?? []).findIndex((c) => c.id === credential.id) : -1;
      list.push(new InUse(identity, credential, written >= 0 ? doc : undefined, written));
    }
  }
  inUseCache.set(ctx.byId, { repo: ctx.repo, now: ctx.now, list });
  return list;
}

/** The export position of the record that reported the credential. */
function discoveredAt(identity: Identity, credential: CredentialDoc): string {
  return credential.reportedAt ?? identity.definedAt ?? identity.id;
}

/**
 * The hits `fn` reports on the credentials in use, each located where its credential is, one at a
 * time (see BuiltinRule.check). `fn` returns a fresh object, which is given its location: a copy
 * of it with the location (`{ ...hit, location }`) took V8's slow path, its hits having two shapes
 * (with and without a remediation), and was 1.7 s of the rules of 880,000 discovered keys.
 */
export function* eachCredential(ctx: RuleContext, fn: (entry: InUse) => Omit<RuleHit, "location"> | undefined): Generator<RuleHit> {
  for (const entry of credentialsInUse(ctx)) {
    const hit: RuleHit | undefined = fn(entry);
    if (!hit) continue;
    hit.location = entry.location();
    yield hit;
  }
}

/** "api-key access_key_1 (aws-iam: ci-bot)" for a discovered credential, "api-key deploy-token" for a written one. */
export function credentialLabel(c: CredentialDoc): string {
  return c.discoveredBy ? `${c.type} ${c.id} (${c.discoveredBy}${c.principal && c.principal !== c.id ? `: ${c.principal}` : ""})` : `${c.type} ${c.id}`;
}
