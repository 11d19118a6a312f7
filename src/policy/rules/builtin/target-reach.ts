// How an offboarded NHI's credential could come within reach of a target of its system's type, for
// the findings that say no plan revokes it. Each target type reaches its system's credentials in its
// own terms (an IAM user under the target's path prefix, an application registration in the tenant
// it reads); some credentials no target type reaches at all.
import type { CredentialDoc } from "../../../model/documents.js";
import { isServicePrincipalCredential } from "./revoke-command.js";

/**
 * Undefined when a target of `type` can revoke the credential once it holds it and a policy has the
 * NHI in its scope; otherwise why no target can (the `entra-apps` target reads and revokes
 * application registrations' credentials, never a service principal's own).
 */
export function unreachable(c: CredentialDoc, type: string): string | undefined {
  if (type === "entra-apps" && isServicePrincipalCredential(c)) return "an entra-apps target governs application registrations only, and this credential is the service principal's own";
  return undefined;
}

/** What brings the NHI (`id`) into a target's reach, in the words of the target's type. */
export function reachHint(id: string, type: string): string {
  if (type === "aws-iam") return `bring the IAM user into an aws-iam target's reach (its pathPrefix, an app policy whose scope has ${id})`;
  if (type === "entra-apps") return `bring the application into an entra-apps target's reach (the tenant it reads, an app policy whose scope has ${id})`;
  return `bring it into a ${type} target's reach (an app policy whose scope has ${id})`;
}
