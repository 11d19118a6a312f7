// Options of a `google` source. New options go here: validate, editors and docs/formats.md read it.
import type { AdapterSchema } from "../../model/adapter-schema.js";
import { exportOptions, nonEmptyString } from "../common/schema.js";

export const googleSchema: AdapterSchema = {
  requiredKeys: ["path"],
  options: exportOptions({
    userName: {
      type: "string",
      enum: ["auto", "local", "email"],
      default: "auto",
      description: "The login: `local` the part of `primaryEmail` before `@`, `email` the whole address, `auto` the local part unless another user has the same local part at another domain (a multi-domain customer): then those users get their whole address, and a `source-login-collision` warning suggests choosing `email` or `local` for good.",
    },
    emails: {
      type: "string",
      enum: ["work", "all"],
      default: "work",
      description: "Which `emails[]` entries correlate: `work` takes work or untyped addresses at the organisation's own domains (the domains of every `primaryEmail` and alias in the export); `all` every address.",
    },
    groups: {
      ...nonEmptyString,
      title: "path",
      description: "The `groups.list` export (file or folder of pages). Set with `groupMembers`.",
    },
    groupMembers: {
      ...nonEmptyString,
      title: "path",
      description: "Folder holding each group's `members.list` export (`<groupId>.json` or `<groupId>/`). Set with `groups`.",
    },
  }),
};
