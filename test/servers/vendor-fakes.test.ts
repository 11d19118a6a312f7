// The Graph and IAM fakes refuse what their vendors' API descriptions refuse: a fake that took
// any request would let a connector's wrong request shape pass its tests unseen.
import { describe, expect, it } from "vitest";
import { GraphSpec } from "./graph-fake/spec.js";
import { startGraphFake } from "./graph-fake/server.js";
import { IamSpec } from "./iam-fake/spec.js";

describe("Graph fake: the CSDL subset of Graph v1.0", () => {
  const spec = new GraphSpec();

  it("was cut from Microsoft's published description, with the credential actions bound to application", () => {
    expect(spec.subset.source).toMatchObject({ repository: "microsoftgraph/msgraph-metadata", path: "schemas/v1.0-Prod.csdl" });
    expect(spec.subset.actions.removePassword!.parameters).toEqual({ keyId: { type: "Edm.Guid", nullable: false } });
    expect(Object.keys(spec.subset.actions.removeKey!.parameters)).toEqual(["keyId", "proof"]);
  });

  it("checks action bodies: keyId required, a GUID, nothing else", () => {
    expect(spec.checkActionBody("removePassword", { keyId: "f0b0b335-1d71-4883-8f98-567911bfdca6" })).toEqual([]);
    expect(spec.checkActionBody("removePassword", {})).toEqual(["removePassword: keyId is required"]);
    expect(spec.checkActionBody("removePassword", { keyId: "not-a-guid" })).toEqual(["removePassword.keyId: not an Edm.Guid"]);
    expect(spec.checkActionBody("removePassword", { keyId: "f0b0b335-1d71-4883-8f98-567911bfdca6", id: "x" })).toEqual(["removePassword: id is not a parameter"]);
  });

  it("checks applications: only declared properties, each of its EDM type", () => {
    expect(spec.checkEntity("application", { id: "x", appId: "y", deletedDateTime: null, passwordCredentials: [{ keyId: "f0b0b335-1d71-4883-8f98-567911bfdca6", startDateTime: "2026-01-01T00:00:00Z" }] }, "app")).toEqual([]);
    expect(spec.checkEntity("application", { id: "x", lastUsed: "2026-01-01" }, "app")).toEqual(["app.lastUsed: not a property of microsoft.graph.application"]);
    expect(spec.checkEntity("application", { id: "x", passwordCredentials: [{ keyId: "x", secret: "s" }] }, "app")).toEqual(["app.passwordCredentials[0].keyId: not an Edm.Guid", "app.passwordCredentials[0].secret: not a property of graph.passwordCredential"]);
    expect(spec.checkEntity("application", { id: "x", keyCredentials: null }, "app")).toEqual(["app.keyCredentials: a collection must be a list (collections are never null)"]);
  });

  it("answers Graph's 400 for a $select of a property applications do not have, and a 401 without a token", async () => {
    const fake = await startGraphFake({ tenantId: "t", clientId: "c", clientSecret: "s3cret-value" });
    try {
      const noToken = await fetch(`${fake.graphUrl}/applications`);
      expect(noToken.status).toBe(401);
      expect(((await noToken.json()) as { error: { code: string } }).error.code).toBe("InvalidAuthenticationToken");
      const token = (await (await fetch(`${fake.url}/t/oauth2/v2.0/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ client_id: "c", scope: `${fake.url}/.default`, client_secret: "s3cret-value", grant_type: "client_credentials" }) })).json()) as { access_token: string };
      const bad = await fetch(`${fake.graphUrl}/applications?$select=id,secrets`, { headers: { authorization: `Bearer ${token.access_token}` } });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { message: string } }).error.message).toBe("Could not find a property named 'secrets' on type 'microsoft.graph.application'.");
      const unknownKey = await fetch(`${fake.graphUrl}/applications/none/removePassword`, { method: "POST", headers: { authorization: `Bearer ${token.access_token}`, "content-type": "application/json" }, body: JSON.stringify({ keyId: "f0b0b335-1d71-4883-8f98-567911bfdca6" }) });
      expect(unknownKey.status).toBe(404);
      expect(fake.violations).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});

describe("IAM fake: the Smithy subset of IAM", () => {
  const spec = new IamSpec();

  it("was cut from AWS's published IAM model: awsQuery, version 2010-05-08, the sixteen operations", () => {
    expect(spec.subset.service.traits).toHaveProperty(["aws.protocols#awsQuery"]);
    expect(spec.version).toBe("2010-05-08");
    expect(Object.keys(spec.subset.operations).sort()).toEqual([
      "DeleteAccessKey", "DeleteLoginProfile", "DeleteSSHPublicKey", "DeleteServiceSpecificCredential", "DeleteSigningCertificate", "GetAccessKeyLastUsed", "GetLoginProfile", "ListAccessKeys",
      "ListSSHPublicKeys", "ListServiceSpecificCredentials", "ListSigningCertificates", "ListUsers", "UpdateAccessKey", "UpdateSSHPublicKey", "UpdateServiceSpecificCredential", "UpdateSigningCertificate",
    ]);
    expect(spec.errorStatus("NoSuchEntity")).toBe(404);
    expect(spec.declaresError("UpdateAccessKey", "NoSuchEntity")).toBe(true);
    // A user without a console password: GetLoginProfile answers NoSuchEntity, as the model declares.
    expect(spec.declaresError("GetLoginProfile", "NoSuchEntity")).toBe(true);
  });

  it("checks request parameters: members, required, pattern, length, range and enum values", () => {
    expect(spec.checkInput("UpdateAccessKey", { UserName: "svc-a", AccessKeyId: "AKIAEXAMPLE000000001", Status: "Inactive" }).problems).toEqual([]);
    expect(spec.checkInput("UpdateAccessKey", { AccessKeyId: "AKIAEXAMPLE000000001" }).problems).toEqual(["UpdateAccessKey: Status is required"]);
    expect(spec.checkInput("UpdateAccessKey", { AccessKeyId: "AKIA-BAD", Status: "Disabled" }).problems).toEqual([
      "UpdateAccessKey.AccessKeyId: length 8 outside 16..128",
      "UpdateAccessKey.AccessKeyId: does not match ^[\\w]+$",
      'UpdateAccessKey.Status: "Disabled" is not one of Active, Inactive',
    ]);
    expect(spec.checkInput("ListUsers", { MaxItems: "5000", Filter: "x" }).problems).toEqual(["ListUsers.MaxItems: 5000 outside 1..1000", "ListUsers: Filter is not a member of its input"]);
  });

  it("checks responses against the output shape and writes awsQuery XML", () => {
    const value = { Users: [{ Path: "/", UserName: "svc-a", UserId: "AIDAEXAMPLE000000001", Arn: "arn:aws:iam::123456789012:user/svc-a", CreateDate: new Date("2026-01-01T00:00:00Z") }], IsTruncated: false };
    expect(spec.checkOutput("ListUsers", value)).toEqual([]);
    expect(spec.checkOutput("ListUsers", { Users: [{ UserName: "svc-a" }] })).toEqual(["ListUsersResult.Users[0].Path: required", "ListUsersResult.Users[0].UserId: required", "ListUsersResult.Users[0].Arn: required", "ListUsersResult.Users[0].CreateDate: required"]);
    expect(spec.serialize("ListUsers", value, "r-1")).toBe(
      '<ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListUsersResult><Users><member><Path>/</Path><UserName>svc-a</UserName><UserId>AIDAEXAMPLE000000001</UserId><Arn>arn:aws:iam::123456789012:user/svc-a</Arn><CreateDate>2026-01-01T00:00:00.000Z</CreateDate></member></Users><IsTruncated>false</IsTruncated></ListUsersResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></ListUsersResponse>',
    );
    expect(spec.checkOutput("UpdateAccessKey", undefined)).toEqual([]);
  });
});
