// The finding that names a source export a pull request edits (src/sources/export-edit-finding.ts):
// the comment's head lists each one (src/plan/render/markdown.ts), so its id is on the floor both stand on.

export const EXPORT_EDITED_RULE = "export-edited-in-pr";
