// An Entra ID user whose sign-in is blocked (Graph's accountEnabled: false) was always read as on
// leave, though blocking sign-in is Microsoft 365's first step for a former employee
// (learn.microsoft.com/microsoft-365/admin/add-users/remove-former-employee-step-1) and, in a hybrid
// tenant, what Entra Connect copies from a disabled AD account (rv55 finding 1). It is now read as
// options.disabledMeans says, as a disabled AD account is, and the record keeps Entra's words.
// The fixture is one Graph `GET /users?$count=true&$select=…` page
// (learn.microsoft.com/graph/api/user-list, learn.microsoft.com/graph/api/resources/user).
import { describe, expect, it } from "vitest";
import { entraSource } from "../../src/sources/entra/index.js";
import { readError, sourceContext } from "./helpers.js";

const exportedAt = "2025-03-01T06:00:00Z";
const read = (options: Record<string, unknown> = {}) =>
  entraSource.read(sourceContext("entra", "entra", "entra/sign-in-blocked.json", { exportedAt, ...options }));
const statuses = (records: Awaited<ReturnType<typeof read>>) => records.map((r) => [r.userName, r.status, r.attributes?.["accountDisabled"]]);

describe("entra: a user whose sign-in is blocked", () => {
  it("is on leave by default, and the record says what Entra said (accountDisabled)", async () => {
    expect(statuses(await read())).toEqual([
      ["mia.holt@example.com", "active", undefined],
      ["tom.reyes@example.com", "suspended", "accountEnabled false: sign-in blocked"],
      // Past the leave date: the date is the leaving, and no disabled account is said.
      ["una.park@example.com", "terminated", undefined],
    ]);
  });

  it("is a leaver with options.disabledMeans: terminated", async () => {
    expect(statuses(await read({ disabledMeans: "terminated" }))).toEqual([
      ["mia.holt@example.com", "active", undefined],
      ["tom.reyes@example.com", "terminated", "accountEnabled false: sign-in blocked"],
      ["una.park@example.com", "terminated", undefined],
    ]);
  });

  it("refuses a disabledMeans that is neither, naming the option", async () => {
    const error = await readError(entraSource, sourceContext("entra", "entra", "entra/sign-in-blocked.json", { exportedAt, disabledMeans: "left" }));
    expect(error.message).toBe('source "entra": options.disabledMeans must be one of suspended, terminated');
    expect(error.hint).toBe("Fix sources.entra.options.disabledMeans in scopesync.yaml.");
  });
});

// Lifecycle Workflows keep a new hire's user blocked until the hire date, when the joiner workflow's
// "Enable User Account" task enables it (learn.microsoft.com/graph/api/identitygovernance-
// lifecycleworkflowscontainer-post-workflows; learn.microsoft.com/entra/id-governance/
// lifecycle-workflow-templates, "Onboard pre-hire employee"). rv61 finding 4: such a user was read as
// options.disabledMeans says, a leaver under terminated. The fixture's users are all blocked, the
// export taken at 2025-03-01T06:00Z: Pia starts on the 3rd, Kai's hire time is the export's own
// (started, still blocked), Ora is a rehire (left in December, back on the 10th).
describe("entra: a user blocked before its hire date (a pre-hire)", () => {
  const readPreHires = (options: Record<string, unknown>) =>
    entraSource.read(sourceContext("entra", "entra", "entra/pre-hire-blocked.json", { exportedAt, ...options }));
  const shown = (records: Awaited<ReturnType<typeof read>>) =>
    records.map((r) => [r.userName, r.status, r.hireDate, r.attributes?.["blockedBeforeStart"], r.attributes?.["accountDisabled"]]);

  for (const disabledMeans of ["terminated", "suspended"]) {
    it(`is active with its hire date to come, whatever disabledMeans says (${disabledMeans}), and says why`, async () => {
      expect(shown(await readPreHires({ disabledMeans }))).toEqual([
        ["pia.sand@example.com", "active", "2025-03-03T08:00:00.000Z", "accountEnabled false at the export, before employeeHireDate", undefined],
        // Hired at the export's own time: started, and still blocked, so read as disabledMeans says.
        ["kai.lund@example.com", disabledMeans, "2025-03-01T06:00:00.000Z", undefined, "accountEnabled false: sign-in blocked"],
        // A rehire blocked until the rehire: the planner makes her a leaver until then (policy/rehire-gap.ts).
        ["ora.finn@example.com", "active", "2025-03-10T08:00:00.000Z", "accountEnabled false at the export, before employeeHireDate", undefined],
      ]);
    });
  }
});

// An export time after the plan's (rv85 #1: a typo in options.exportedAt, a clock ahead) fails its
// gate (sources/export-time.ts); the read itself takes nothing from the days the plan has not
// reached. Stamped the 4th and read by a plan on the 1st, Pia (hired the 3rd) is still a pre-hire.
describe("entra: a blocked user read by a plan before the export's time", () => {
  it("is judged a pre-hire at the plan's clock, not at the later export time", async () => {
    const context = { ...sourceContext("entra", "entra", "entra/pre-hire-blocked.json", { exportedAt: "2025-03-04T06:00:00Z", disabledMeans: "terminated" }), now: Date.parse(exportedAt) };
    const pia = (await entraSource.read(context)).find((r) => r.userName === "pia.sand@example.com")!;
    expect([pia.status, pia.attributes?.["blockedBeforeStart"]]).toEqual(["active", "accountEnabled false at the export, before employeeHireDate"]);
  });
});
