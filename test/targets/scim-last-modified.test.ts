// An inactive SCIM user's meta.lastModified is its disabledAt, from which a delete grace period is
// counted. RFC 7643 §2.3.5 makes it an xsd:dateTime, whose zone is optional, and servers leave it
// out: WSO2 Identity Server writes "2019-02-18T13:27:58" (https://github.com/wso2/product-is/issues/4455),
// Apache SCIMple "2017-04-06T16:29:24.589" (https://github.com/PennState/SCIMple-Identity/issues/34).
// Such a value was dropped, so the leaver's account was never deleted; it is now read at the latest
// instant it can mean (UTC-12:00), so the grace period never ends early, whatever the server's zone.
import { describe, expect, it } from "vitest";
import { startScimServer, type ScimServerOptions } from "../servers/scim-server.js";
import { connectorFor } from "../servers/scim-server-testkit.js";
import { disabledAtOf } from "../../src/targets/scim/last-modified.js";

const leaver = { userName: "sam.roe", externalId: "hr:E101", active: false, emails: [{ value: "sam.roe@example.com", type: "work", primary: true }] };

/** What the server sends as the leaver's meta.lastModified, and the disabledAt the connector reads from it. */
async function readLeaver(options: ScimServerOptions): Promise<{ lastModified: unknown; disabledAt: string | undefined }> {
  const server = await startScimServer(options);
  try {
    await server.seed({ users: [leaver] });
    const state = await connectorFor(server).read();
    const raw = (await (await fetch(`${server.url}/Users`, { headers: { authorization: `Bearer ${server.token}` } })).json()) as { Resources: Array<{ meta: { lastModified: unknown } }> };
    return { lastModified: raw.Resources[0]!.meta.lastModified, disabledAt: state.accounts[0]!.disabledAt };
  } finally {
    await server.stop();
  }
}

describe("an inactive SCIM user's meta.lastModified, read from the real server", () => {
  it("without a zone (WSO2 IS) is the disable date at its latest instant, not dropped", async () => {
    expect(await readLeaver({ clock: "2026-10-01T09:00:00Z", metaDates: "without-zone" })).toEqual({ lastModified: "2026-10-01T09:00:00", disabledAt: "2026-10-01T21:00:00.000Z" });
  });

  it("without a zone and with milliseconds (Apache SCIMple) too", async () => {
    expect(await readLeaver({ clock: "2026-10-01T09:00:00.589Z", metaDates: "without-zone" })).toEqual({ lastModified: "2026-10-01T09:00:00.589", disabledAt: "2026-10-01T21:00:00.589Z" });
  });

  it("with a zone, is the instant it names", async () => {
    expect(await readLeaver({ clock: "2026-10-01T09:00:00Z" })).toEqual({ lastModified: "2026-10-01T09:00:00.000Z", disabledAt: "2026-10-01T09:00:00.000Z" });
  });
});

describe("disabledAtOf", () => {
  it("reads no date from what is not an xsd:dateTime, whatever Date.parse makes of it", () => {
    // An AD whenChanged mapped through WSO2 (wso2/product-is#6949), a locale form, a date alone.
    for (const v of ["20191125071807.0Z", "10/01/2026 09:00", "2026-10-01", "2026-10-01 09:00:00", 1759309200000]) expect(disabledAtOf(v), String(v)).toBeUndefined();
  });
});
