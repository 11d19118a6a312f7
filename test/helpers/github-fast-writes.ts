// Imports nothing at run time on purpose: vi.mock's factory loads this module while the module it
// mocks is still loading, and anything that imports the CLI from here would wait on itself.
type GithubIndex = typeof import("../../src/targets/github/index.js");

/**
 * The one seam of the tests that drive the CLI or the Action against the GitHub fake: the
 * connector they build gets a small waitScale, so Octokit's throttling plugin does not space
 * writes a real second (three for invitations) apart. Everything else is the production path:
 * registry, settings from scopesync.yaml (options.baseUrl), Octokit.
 *
 * vi.mock is hoisted above a test file's imports, so its factory cannot use a static import; as
 * Vitest's docs for vi.mock put it, "the factory can be asynchronous. You can use vi.importActual
 * or a helper with the factory passed in as the first argument". Each test file keeps this one line:
 *
 *   vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));
 *
 * Not a setupFiles entry: that would reach every test file, the connector's own tests too (some
 * measure the real spacing), and scoping it would take a Vitest project of its own per folder.
 */
export async function fastWrites(importOriginal: () => Promise<GithubIndex>): Promise<GithubIndex> {
  const actual = await importOriginal();
  return {
    ...actual,
    createGithubConnector: (...[config, ctx, options]: Parameters<GithubIndex["createGithubConnector"]>) => actual.createGithubConnector(config, ctx, { waitScale: 0.001, ...options }),
  };
}
