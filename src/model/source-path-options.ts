// The options of each source type that name export files to read, beside its `path`: the config
// checks keep them inside the repository (config/config-paths.ts) and the memory budget weighs
// their bytes (memory-budget.ts). Written here, on the floor both stand on; each adapter's schema
// declares the same options with the title "path", and test/model/source-path-options.test.ts
// holds this list to those declarations.

export const SOURCE_PATH_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  "aws-iam": ["roles"],
  entra: ["organization"],
  "entra-apps": ["servicePrincipals", "signInActivity"],
  "gcp-iam": ["keyActivity", "keys"],
  github: ["deployKeys", "patGrants"],
  google: ["groupMembers", "groups"],
  kubernetes: ["secrets"],
  okta: ["groupMembers", "groups"],
};

/** The path options of a source type, sorted; none for a type without any (or not known). */
export function sourcePathOptions(type: string): readonly string[] {
  return Object.hasOwn(SOURCE_PATH_OPTIONS, type) ? SOURCE_PATH_OPTIONS[type]! : [];
}
