// Reads one user's credentials of one switchable kind (switchable.ts), every page, as the target's
// credentials. A failed page fails the read, never an empty list: an offboarded user would keep
// what was not read.
import type { IAMClient } from "@aws-sdk/client-iam";
import { append } from "../../model/append.js";
import type { TargetCredential } from "../../model/target-state.js";
import { TargetError } from "../target-error.js";
import { iamCall } from "./client.js";
import { awsRevokeCommand, userCredentialId } from "./credential-id.js";
import type { AwsIamSettings } from "./settings.js";
import { SWITCHABLE, type ListedCredential, type SwitchableKind } from "./switchable.js";

/** Every credential of this kind the user has, as IAM lists it; IAM's error as the SDK throws it. */
export async function listSwitchable(client: IAMClient, kind: SwitchableKind, userName: string): Promise<ListedCredential[]> {
  const all: ListedCredential[] = [];
  for await (const page of SWITCHABLE[kind].pages(client, userName)) append(all, page);
  return all;
}

export async function readSwitchable(client: IAMClient, settings: AwsIamSettings, kind: SwitchableKind, user: { UserName: string; UserId: string }): Promise<TargetCredential[]> {
  const spec = SWITCHABLE[kind];
  const userName = user.UserName;
  const listed = await iamCall(settings.name, `${spec.list} of ${userName}`, () => listSwitchable(client, kind, userName));
  return listed.map((c) => {
    if (!c.id) throw new TargetError(settings.name, `${spec.list} of ${userName} answered a ${spec.what} without its id`, { hint: "check options.endpoint" });
    const ref = { kind, userName, id: c.id };
    return {
      id: userCredentialId(kind, userName, c.id),
      account: user.UserId,
      type: spec.type,
      credentialId: c.id,
      // The service a service-specific credential signs in to (bedrock.amazonaws.com,
      // codecommit.amazonaws.com): what the offboarded identity loses, for the reviewer.
      ...(c.service ? { access: c.service } : {}),
      ...(c.createdAt ? { createdAt: c.createdAt.toISOString() } : {}),
      status: c.status === "Inactive" ? "inactive" : "active",
      // IAM records no use of any of these: one the NHI's file does not list may be the one in use
      // (the read gained them after files were written), so `unknown: revoke` reports it rather
      // than switch it off unreviewed; an offboarded NHI's goes all the same.
      unknownReportedOnly: true,
      ...(settings.revoke === "manual" ? { manualRevocation: awsRevokeCommand(ref) } : {}),
    } satisfies TargetCredential;
  });
}
