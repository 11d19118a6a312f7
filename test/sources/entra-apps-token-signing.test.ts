import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { entraAppsSource } from "../../src/sources/entra-apps/index.js";
import { tempDirs } from "../helpers/temp-dirs.js";
import { FIXTURES, sourceContext } from "./helpers.js";

const dirs = tempDirs();

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

  // A client certificate the service principal signs in with: Graph's addKey / the portal's upload
  // adds a keyCredential with usage "Verify" and type "AsymmetricX509Cert"
  // (learn.microsoft.com/graph/api/resources/keycredential: usage "Verify" for a public key that
  // verifies the app's signed tokens, "Sign" for a private key). No password credential shares its
  // customKeyIdentifier and it is not preferredTokenSigningKeyThumbprint: it is the NHI's credential,
  // which an owner's leaving must revoke, beside the SAML certificate that is not.
  it("keeps the service principal's own Verify client certificate as a credential", async () => {
    const dir = dirs("scopesync-sp-verify-");
    mkdirSync(join(dir, "saml-sso"));
    copyFileSync(join(FIXTURES, "entra-apps/saml-sso/applications.json"), join(dir, "saml-sso/applications.json"));
    const sps = JSON.parse(readFileSync(join(FIXTURES, "entra-apps/saml-sso/servicePrincipals.json"), "utf8")) as { value: Array<{ keyCredentials: object[] }> };
    sps.value[0]!.keyCredentials.push({ customKeyIdentifier: "3C5D0E1F2A3B4C5D6E7F8091A2B3C4D5E6F70819", displayName: "CN=scim-provisioner client", endDateTime: "2027-06-01T00:00:00Z", key: null, keyId: "c1c2c3c4-0000-4000-8000-00000000000c", startDateTime: "2026-06-01T00:00:00Z", type: "AsymmetricX509Cert", usage: "Verify" });
    writeFileSync(join(dir, "saml-sso/servicePrincipals.json"), JSON.stringify(sps));
    const [sp] = await entraAppsSource.read({ ...sourceContext("entra-apps", "entra-apps", "saml-sso/applications.json", { exportedAt: "2026-11-26T05:00:00Z", servicePrincipals: "saml-sso/servicePrincipals.json" }), repoDir: dir });
    expect(sp!.credentials).toEqual([
      { id: "c1c2c3c4-0000-4000-8000-00000000000c", type: "certificate", issuedAt: "2026-06-01T00:00:00.000Z", expiresAt: "2027-06-01T00:00:00.000Z", status: "active", principal: "servicePrincipals/59e617e5-e447-4adc-8b88-00af644d7c92", displayName: "CN=scim-provisioner client", discoveredBy: "entra-apps", exportedAt: "2026-11-26T05:00:00.000Z", reportedAt: "saml-sso/servicePrincipals.json entry 1" },
    ]);
    expect(sp!.attributes?.["tokenSigningCertificates"]).toEqual(["CN=Microsoft Azure Federated SSO Certificate (thumbprint 7E8C9A1B2C3D4E5F60718293A4B5C6D7E8F90A1B, in use), expires 2028-03-01T10:00:00.000Z"]);
  });
});
