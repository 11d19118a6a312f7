// `scopesync nhi propose`: one ServiceAccount (or Agent) file per discovered NHI that no file
// declares, for a person to review, complete (owner, purpose) and commit. The system's facts go
// in as values through the YAML library; nothing from a system is written into a comment.
import { createHash } from "node:crypto";
import { stringify } from "yaml";
import { identitiesById, type Identity } from "../model/identity.js";
import { withoutSecretShapes } from "../model/secret-shapes.js";
import { ownerGone } from "../policy/lifecycle.js";
import { betweenEmployments } from "../policy/rehire-gap.js";

/** Marks a proposal file: re-running `nhi propose` may rewrite it, never a hand-written file. */
export const PROPOSAL_HEADER = "# Proposed by `scopesync nhi propose` from a discovery source: review owner and purpose, then commit.";

export interface Proposal {
  /** File name inside the proposals folder. */
  file: string;
  text: string;
  /**
   * Why the owner the system names is no owner to accept as is (`owner "x" is terminated`): a
   * draft committed with it would be quarantined at once (nhi-owner-active). Said in the draft and
   * by the command on stderr.
   */
  ownerWarning?: string;
}

/** How an owner who is not active stands, in words of our own (a draft's comments hold nothing a system wrote). */
function ownerState(owner: string, byId: ReadonlyMap<string, Identity>, now: number): string {
  const who = byId.get(owner);
  if (!who) return "is in no source";
  if (who.kind !== "person") return "is not a person";
  const gap = betweenEmployments(who, now);
  if (gap) return `is between employments (left on ${gap.left}, rehired from ${gap.hired})`;
  return who.status === "terminated" ? "has left (terminated)" : who.status === "suspended" ? "is on leave (suspended)" : `is ${who.status}`;
}

/** Undeclared NHIs, the platform's own aside; sorted by id. */
export function nhiProposals(identities: readonly Identity[], now: number): Proposal[] {
  const proposals: Proposal[] = [];
  const byId = identitiesById(identities);
  for (const identity of identities) {
    if (identity.kind === "person" || identity.definedAt !== undefined || !identity.discoveredBy?.length) continue;
    if (identity.attributes.platformManaged === true) continue;
    // The draft is committed: a secret the system's free text holds (a token pasted into a
    // display name or an owner tag) is left out of it, never copied into git.
    const owner = identity.owner && !identity.owner.includes(":") && !identity.owner.includes("@") && withoutSecretShapes(identity.owner) === identity.owner ? identity.owner : undefined;
    const shownName = typeof identity.attributes.displayName === "string" ? identity.attributes.displayName : undefined;
    const displayName = shownName === undefined ? undefined : withoutSecretShapes(shownName);
    const doc: Record<string, unknown> = {
      kind: identity.kind === "agent" ? "Agent" : "ServiceAccount",
      id: identity.id,
      ...(displayName ? { displayName } : {}),
      ...(owner ? { owner } : {}),
      // A person signs in with it (an IAM user's console password): the draft must not declare that away.
      ...(identity.attributes.interactiveLogin === true ? { interactiveLogin: true } : {}),
      discoveredBy: identity.records.map((r) => {
        const at = r.indexOf(":");
        return { source: r.slice(0, at), id: r.slice(at + 1) };
      }),
    };
    const gone = owner ? ownerGone(identity, byId, now) : undefined;
    const todo = [
      ...(displayName !== shownName ? ["# warning: the system's name for it held a secret, left out of displayName here: remove it from the system's name and rotate it (it may be in its logs and exports)"] : []),
      ...(owner ? [] : ["# owner: the login of the accountable person (the system names none that is a person here)"]),
      ...(owner && gone ? [`# warning: the owner the system names ${ownerState(owner, byId, now)}: put an active person in owner before you commit (as it is, the NHI is quarantined: nhi-owner-active)`] : []),
      ...(identity.attributes.interactiveLogin === true ? ["# warning: a person signs in with it (interactiveLogin: true, finding nhi-interactive-login): give them an account of their own, then remove the sign-in and set interactiveLogin: false"] : []),
      "# purpose: what this identity is for",
    ];
    proposals.push({ file: `${identity.id}.yaml`, text: withDigest(`${stringify(doc, { lineWidth: 0 })}${todo.join("\n")}\n`), ...(gone ? { ownerWarning: gone } : {}) });
  }
  return proposals;
}

// A draft carries the digest of what was proposed, so a later run can tell its own untouched draft
// (replaced with the newer proposal) from one a person has started to edit (never overwritten).
const DIGEST_PREFIX = "# draft sha256:";

function digest(body: string): string {
  return createHash("sha256").update(body).digest("hex");
}

function withDigest(body: string): string {
  return `${PROPOSAL_HEADER}\n${DIGEST_PREFIX}${digest(body)}\n${body}`;
}

/** Is `existing` a draft exactly as `nhi propose` wrote it (header and digest match its body)? */
export function isUntouchedProposal(existing: string): boolean {
  const head = `${PROPOSAL_HEADER}\n${DIGEST_PREFIX}`;
  if (!existing.startsWith(head)) return false;
  const end = existing.indexOf("\n", head.length);
  return end > 0 && existing.slice(head.length, end) === digest(existing.slice(end + 1));
}
