import { describe, expect, it } from "vitest";
import { entraAppsSource } from "../../src/sources/entra-apps/index.js";
import { sourceContext } from "./helpers.js";

// rv106 M2: Graph's servicePrincipal: addTokenSigningCertificate adds a Sign and a Verify
// keyCredential and a passwordCredential that opens the PFX, all with one customKeyIdentifier
// (learn.microsoft.com/graph/api/serviceprincipal-addtokensigningcertificate). They were read as
// three NHI credentials, and an owner leaving asked for removeKey/removePassword on each: an SSO
// outage for everyone, revoking nothing a leaver could use.
describe("entra-apps source: a SAML app's token-signing certificate", () => {
  const read = () =>
    entraAppsSource.read(sourceContext("entra-apps", "entra-apps", "entra-apps/saml-sso/applications.json", { exportedAt: "2026-11-26T05:00:00Z", servicePrincipals: "entra-apps/saml-sso/servicePrincipals.json" }));

  it("is no credential of the NHI, and is shown as the app's certificate with its expiry", async () => {
    const [sp] = await read();
    expect(sp!.credentials ?? []).toEqual([]);
    expect(sp!.attributes).toMatchObject({
      singleSignOnMode: "saml",
      tokenSigningCertificates: ["CN=Microsoft Azure Federated SSO Certificate (thumbprint 7E8C9A1B2C3D4E5F60718293A4B5C6D7E8F90A1B, in use), expires 2028-03-01T10:00:00.000Z"],
    });
  });
});
