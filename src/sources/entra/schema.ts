// Options of an `entra` source. New options go here: validate, editors and docs/formats.md read it.
import type { AdapterSchema } from "../../model/adapter-schema.js";
import { exportOptions, nonEmptyString } from "../common/schema.js";

export const entraSchema: AdapterSchema = {
  requiredKeys: ["path"],
  options: exportOptions({
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
  }),
};
