// Where scopesync's repository is: the one address every link the tool gives points into (each
// finding's `help`, the SARIF driver's informationUri) and package.json's repository, homepage and
// bugs name (test/docs/package-manifest.test.ts holds them to it). scopesync is installed from this
// repository, never by a name on the npm registry (README, "Design notes").

/** The repository's home page. */
export const PROJECT_HOME = "https://github.com/scopesync/scopesync";
