// Application registrations for the entra-apps tests, in the shape of Graph v1.0's application
// resource (passwordCredential: keyId, displayName, hint, startDateTime, endDateTime;
// keyCredential: keyId, type AsymmetricX509Cert, usage Verify). Names and ids are made up.
import type { FakeApplication } from "../../servers/graph-fake/server.js";

export const TENANT = "8f2c1c1e-0b1a-4c55-9a7e-0d6f5a3b2c10";
export const SCOPESYNC_CLIENT = "5b1d7e9a-3c4f-4e2a-8b6d-1f0e2d3c4b5a";

export function entraApplications(): FakeApplication[] {
  return [
    {
      id: "0a1b2c3d-0000-4000-8000-000000000001", appId: "11111111-aaaa-4bbb-8ccc-000000000001", displayName: "Reporting exporter",
      passwordCredentials: [
        { keyId: "a0000000-0000-4000-8000-00000000000a", displayName: "prod", hint: "Xy7", startDateTime: "2026-03-01T00:00:00Z", endDateTime: "2027-03-01T00:00:00Z" },
        // Added in the portal by someone; no file lists it.
        { keyId: "b0000000-0000-4000-8000-00000000000b", displayName: "temp debug", hint: "q2_", startDateTime: "2026-11-02T10:15:00Z", endDateTime: "2027-05-02T10:15:00Z" },
      ],
      keyCredentials: [{ keyId: "c0000000-0000-4000-8000-00000000000c", displayName: "CN=reporting", startDateTime: "2026-01-01T00:00:00Z", endDateTime: "2027-01-01T00:00:00Z", type: "AsymmetricX509Cert", usage: "Verify" }],
      owners: [SCOPESYNC_CLIENT],
    },
    {
      id: "0a1b2c3d-0000-4000-8000-000000000002", appId: "11111111-aaaa-4bbb-8ccc-000000000002", displayName: "Old partner portal",
      passwordCredentials: [{ keyId: "d0000000-0000-4000-8000-00000000000d", displayName: "portal", hint: "Pp9", startDateTime: "2024-06-01T00:00:00Z", endDateTime: "2026-12-31T00:00:00Z" }],
      keyCredentials: [{ keyId: "e0000000-0000-4000-8000-00000000000e", displayName: "CN=portal", startDateTime: "2024-06-01T00:00:00Z", endDateTime: "2026-12-31T00:00:00Z", type: "AsymmetricX509Cert", usage: "Verify" }],
      owners: [],
    },
    {
      id: "0a1b2c3d-0000-4000-8000-000000000003", appId: "11111111-aaaa-4bbb-8ccc-000000000003", displayName: "Marketing <script>alert(1)</script> sync",
      passwordCredentials: [{ keyId: "f0000000-0000-4000-8000-00000000000f", displayName: null, hint: "mK1", startDateTime: "2025-09-09T00:00:00Z", endDateTime: "2026-09-09T00:00:00Z" }],
      keyCredentials: [],
    },
    { id: "0a1b2c3d-0000-4000-8000-000000000004", appId: SCOPESYNC_CLIENT, displayName: "scopesync", passwordCredentials: [], keyCredentials: [] },
  ];
}
