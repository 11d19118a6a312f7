// Imports nothing at run time on purpose: vi.mock's factory loads this module while the module it
// mocks is still loading, and anything that imports the CLI from here would wait on itself.
type GithubIndex = typeof import("../../../src/targets/github/index.js");

/**
 * The one seam of the GitHub end-to-end tests, for `vi.mock` of src/targets/github/index.js: the
 * connector the CLI builds gets a small waitScale, so Octokit's throttling plugin does not space
 * writes a real second apart. Everything else is the production path.
 */
export async function fastWrites(importOriginal: () => Promise<GithubIndex>): Promise<GithubIndex> {
  const actual = await importOriginal();
  return {
    ...actual,
    createGithubConnector: (...[config, ctx, options]: Parameters<GithubIndex["createGithubConnector"]>) => actual.createGithubConnector(config, ctx, { waitScale: 0.001, ...options }),
  };
}
