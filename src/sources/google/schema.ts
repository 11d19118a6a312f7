// Options of a `google` source. New options go here: validate, editors and docs/formats.md read it.
import type { AdapterSchema } from "../../model/adapter-schema.js";
import { disabledMeansFor, exportOptions, nonEmptyString } from "../common/schema.js";

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
    // An administrator's suspension is what many Workspace organisations do when someone leaves
    // (until the data is moved and the user archived or deleted); Google's help calls it temporary
    // (support.google.com/a/answer/33312). Workspace has no "on leave" state, so the organisation
    // says which it is (admin-suspension.ts). A hold Google puts on an account is not its decision.
    disabledMeans: disabledMeansFor(
      "A disabled account is a user an administrator suspended: `suspended: true` with `suspensionReason: ADMIN` (or with no `suspensionReason` in the export); a suspension of Google's own (another `suspensionReason`, such as `WEB_LOGIN_REQUIRED`) is no decision of the organisation's and stays `suspended`.",
      "Where suspending the user is how people leave (before its data is moved and the user archived or deleted), write `terminated`.",
    ),
  }),
};
