#!/usr/bin/env node
// Cuts the pinned subset of AWS IAM's Smithy model that the IAM fake (test/servers/iam-fake/)
// validates every request and response against. Source: the IAM service model AWS publishes
// (iam/service/2010-05-08/iam-2010-05-08.json in the aws/api-models-aws repository; the same model
// aws-sdk-js-v3 generates @aws-sdk/client-iam from). Re-run with a newer model and review the diff:
//
//   node scripts/cut-iam-smithy.mjs PATH/TO/iam-2010-05-08.json [commit]
//
// Kept: the service shape's protocol traits, the operations the aws-iam connector calls, and
// every shape they reach (inputs, outputs, members, errors) with the traits validation needs
// (required, pattern, length, range, enum values, error codes, paging). Documentation, examples
// and smoke tests go.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "test/servers/iam-fake/iam-subset.json");
const [input, commit] = process.argv.slice(2);
if (!input) {
  process.stderr.write("usage: node scripts/cut-iam-smithy.mjs PATH/TO/iam-2010-05-08.json [api-models-aws commit]\n");
  process.exit(1);
}

/** Operation → why the connector needs it. Keep in step with src/targets/aws-iam/. */
const OPERATIONS = {
  ListUsers: "the users whose access keys, console passwords and signing certificates are read",
  ListAccessKeys: "each user's access keys, and a key's status before a change (idempotency)",
  GetAccessKeyLastUsed: "when each key was last used (revokeUnusedAfter)",
  UpdateAccessKey: "revoke-credential with revoke: deactivate (Status=Inactive)",
  DeleteAccessKey: "revoke-credential with revoke: delete",
  GetLoginProfile: "whether each user has a console password (NoSuchEntity: none), and before deleting it",
  DeleteLoginProfile: "revoke-credential of a console password (an offboarded NHI's)",
  ListSigningCertificates: "each user's signing certificates, and a certificate's status before a change",
  UpdateSigningCertificate: "revoke-credential of a signing certificate with revoke: deactivate (Status=Inactive)",
  DeleteSigningCertificate: "revoke-credential of a signing certificate with revoke: delete",
  ListServiceSpecificCredentials: "each user's service-specific credentials (Amazon Bedrock long-term API keys, CodeCommit Git credentials), and one's status before a change",
  UpdateServiceSpecificCredential: "revoke-credential of a service-specific credential with revoke: deactivate (Status=Inactive)",
  DeleteServiceSpecificCredential: "revoke-credential of a service-specific credential with revoke: delete",
  ListSSHPublicKeys: "each user's SSH public keys (CodeCommit over SSH), and one's status before a change",
  UpdateSSHPublicKey: "revoke-credential of an SSH public key with revoke: deactivate (Status=Inactive)",
  DeleteSSHPublicKey: "revoke-credential of an SSH public key with revoke: delete",
};
// Traits validation and the protocol need; everything else (documentation above all) is dropped.
const KEEP_TRAITS = ["smithy.api#required", "smithy.api#pattern", "smithy.api#length", "smithy.api#range", "smithy.api#enumValue", "smithy.api#error", "smithy.api#httpError", "aws.protocols#awsQueryError", "smithy.api#paginated", "smithy.api#timestampFormat", "smithy.api#xmlNamespace", "aws.protocols#awsQuery", "smithy.api#sensitive", "smithy.api#default"];

const model = JSON.parse(readFileSync(input, "utf8"));
const NS = "com.amazonaws.iam#";
// Members IAM answers and accepts today that the pinned model predates (Amazon Bedrock long-term API
// keys, 2025): ListServiceSpecificCredentials pages (Marker, MaxItems, IsTruncated) and may list
// every user's (AllUsers); a credential may have an alias and an expiry, and ServiceUserName is no
// longer always there. As the IAM API reference documents them
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListServiceSpecificCredentials.html,
// API_ServiceSpecificCredentialMetadata.html) and @aws-sdk/client-iam models them. Added only where
// missing, so that a newer model wins.
const OVERLAY = {
  ListServiceSpecificCredentialsRequest: { AllUsers: { target: `${NS}booleanObjectType` }, Marker: { target: `${NS}markerType` }, MaxItems: { target: `${NS}maxItemsType` } },
  ListServiceSpecificCredentialsResponse: { Marker: { target: `${NS}responseMarkerType` }, IsTruncated: { target: `${NS}booleanType`, traits: { "smithy.api#default": false } } },
  ServiceSpecificCredentialMetadata: { ServiceCredentialAlias: { target: `${NS}stringType` }, ExpirationDate: { target: `${NS}dateType` }, ServiceUserName: { target: `${NS}serviceUserName` } },
};
for (const [shape, members] of Object.entries(OVERLAY)) {
  const s = model.shapes[NS + shape];
  for (const [name, member] of Object.entries(members)) {
    if (name === "ServiceUserName" && s.members[name]) delete s.members[name].traits?.["smithy.api#required"];
    else s.members[name] ??= member;
  }
}
const keepTraits = (traits) => {
  const kept = Object.fromEntries(Object.entries(traits ?? {}).filter(([k]) => KEEP_TRAITS.includes(k)));
  return Object.keys(kept).length > 0 ? { traits: kept } : {};
};
const shapes = {};
const visit = (id) => {
  if (!id.startsWith(NS) || shapes[id]) return;
  const shape = model.shapes[id];
  if (!shape) throw new Error(`no shape ${id} in the model`);
  const copy = { type: shape.type, ...keepTraits(shape.traits) };
  shapes[id] = copy;
  if (shape.members) {
    copy.members = Object.fromEntries(Object.entries(shape.members).map(([name, m]) => [name, { target: m.target, ...keepTraits(m.traits) }]));
    for (const m of Object.values(shape.members)) visit(m.target);
  }
  if (shape.member) { copy.member = { target: shape.member.target }; visit(shape.member.target); }
  for (const ref of [shape.input, shape.output, ...(shape.errors ?? [])]) if (ref) visit(ref.target);
  if (shape.type === "operation") {
    copy.input = shape.input;
    copy.output = shape.output;
    copy.errors = shape.errors ?? [];
  }
};
for (const op of Object.keys(OPERATIONS)) visit(`${NS}${op}`);
const [serviceId, service] = Object.entries(model.shapes).find(([, s]) => s.type === "service");

const subset = {
  source: { repository: "aws/api-models-aws", path: "iam/service/2010-05-08/iam-2010-05-08.json", ...(commit ? { commit } : {}) },
  operations: OPERATIONS,
  service: { id: serviceId, version: service.version, ...keepTraits(service.traits) },
  shapes: Object.fromEntries(Object.entries(shapes).sort(([a], [b]) => (a < b ? -1 : 1))),
};
writeFileSync(out, `${JSON.stringify(subset, null, 2)}\n`);
process.stdout.write(`wrote ${out}: ${Object.keys(shapes).length} shapes\n`);
