// Options of an `entra` source. New options go here: validate, editors and docs/formats.md read it.
import type { AdapterSchema } from "../../model/adapter-schema.js";
import { disabledMeansFor, exportOptions, nonEmptyString } from "../common/schema.js";
import { employmentTypeValuesFor } from "../common/employment-type.js";

export const entraSchema: AdapterSchema = {
  requiredKeys: ["path"],
  options: exportOptions({
    // A users page names no tenant; the organization file does, and each user's UPN suffix ties the two (tenant.ts).
    organization: {
      ...nonEmptyString,
      title: "path",
      description: "The `GET /organization?$select=id,verifiedDomains` response, fetched with the same sign-in as the users, relative to the repository. Its `id` is the tenant id: each user whose `userPrincipalName` is on one of its `verifiedDomains` gets the attribute `entraTenantId`, which [`source-gate-account`](rules.md#source-gate-account) compares with `gates.account` and the accepted snapshot; a user on another domain stops the read (the two files are of two tenants). Without it the export names no tenant and cannot be bound to one.",
    },
    // Checked in detail (and with hints) by service-accounts.ts.
    serviceAccounts: {
      type: "array",
      title: "list of rules `{ attribute, equals: [values], matches: regex }`",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["attribute"],
        properties: {
          attribute: nonEmptyString,
          equals: { type: "array", items: { type: "string" } },
          matches: { type: "string" },
        },
      },
      description: "Users matching any rule (a dotted Graph property, case-insensitive) are `service-account` records, not people: Entra has no service-account flag, so service users and shared mailboxes are told apart by your convention. `[]` marks no one. Default: `[{ attribute: employeeType, equals: [service, service account, serviceaccount, shared mailbox, shared, room, resource, system] }]`.",
    },
    // Blocking sign-in is Microsoft 365's first step for a former employee ("Remove a former
    // employee", step 1: learn.microsoft.com/microsoft-365/admin/add-users/remove-former-employee-step-1),
    // and Entra Connect's default rule writes accountEnabled from AD's ACCOUNTDISABLE flag: Entra
    // has no "on leave" state, so the organisation says what a blocked user is (sign-in-blocked.ts).
    // A user blocked before its hire date is a pre-hire instead (model/blocked-before-start.ts).
    disabledMeans: disabledMeansFor(
      "A disabled account is a user whose sign-in is blocked: Graph's `accountEnabled: false` (\"true if the account is enabled; otherwise, false\"), which Entra Connect writes from a disabled AD account in a hybrid tenant.",
      "Where blocking sign-in is how people leave (Microsoft 365's first step for a former employee, before the user is deleted or its mailbox kept as a shared one), write `terminated`. A user blocked at an export taken before its `employeeHireDate` is not one: Lifecycle Workflows enable a new hire's user on that date, so it is a pre-hire, active with its hire date to come (each app's `accounts.preStart` decides when its access begins), whatever this option says.",
    ),
    employmentTypeValues: employmentTypeValuesFor(
      "`employeeType` values",
      "Graph documents `employeeType` as free text that \"captures enterprise worker type. For example, Employee, Contractor, Consultant, or Vendor\" (learn.microsoft.com/graph/api/resources/user). A user whose `userType` is `Guest` is `guest` whatever its `employeeType` says, and is not mapped.",
    ),
  }),
};
