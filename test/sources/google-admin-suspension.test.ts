// A Google Workspace user an administrator suspended was always read as on leave, though many
// Workspace organisations suspend a leaver's user until the data is moved (rv55 finding 1). It is
// now read as options.disabledMeans says, as a disabled AD account is; a hold Google itself put on
// an account is no decision of the organisation's and stays a suspension. Who suspended is the
// Admin SDK's suspensionReason, "the reason a user account is suspended either by the
// administrator or by Google", returned only while suspended
// (developers.google.com/admin-sdk/directory/reference/rest/v1/users). The fixture is one
// users.list?customer=my_customer&projection=full response.
import { describe, expect, it } from "vitest";
import { googleSource } from "../../src/sources/google/index.js";
import { sourceContext } from "./helpers.js";

const exportedAt = "2025-03-01T06:00:00Z";
const read = (options: Record<string, unknown> = {}) =>
  googleSource.read(sourceContext("google", "google", "google/suspensions.json", { exportedAt, ...options }));
const statuses = (records: Awaited<ReturnType<typeof read>>) => records.map((r) => [r.userName, r.status, r.attributes?.["accountDisabled"]]);

describe("google: a suspended user", () => {
  it("by an administrator is on leave by default, the record saying what Google said; Google's own hold is a suspension as before", async () => {
    expect(statuses(await read())).toEqual([
      ["ada", "active", undefined],
      ["bob", "suspended", "suspensionReason ADMIN: suspended by an administrator"],
      ["wes", "suspended", undefined],
      // Archived: Google's answer for a former employee, a leaver whatever the suspension says.
      ["cat", "terminated", undefined],
      // No suspensionReason in the export: it cannot be shown to be Google's hold, so the organisation's answer applies.
      ["nia", "suspended", "suspended, no suspensionReason in the export"],
    ]);
  });

  it("by an administrator is a leaver with options.disabledMeans: terminated; Google's own hold is not", async () => {
    expect(statuses(await read({ disabledMeans: "terminated" }))).toEqual([
      ["ada", "active", undefined],
      ["bob", "terminated", "suspensionReason ADMIN: suspended by an administrator"],
      ["wes", "suspended", undefined],
      ["cat", "terminated", undefined],
      ["nia", "terminated", "suspended, no suspensionReason in the export"],
    ]);
  });
});
