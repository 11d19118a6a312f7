// A file's GitHub fakes, started per test: each one still open when its test ends is checked
// against GitHub's OpenAPI description (no request or answer it saw broke it) and closed, whether
// the test passed or not. A fake the test closed itself (one of several it starts in turn) is its own.
import { afterEach } from "vitest";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";

/** Registers the check and close; returns how the file's tests start their fakes. */
export function githubFakePerTest(): (options: Parameters<typeof startGithubFake>[0]) => Promise<GithubFake> {
  const open = new Set<GithubFake>();
  afterEach(async () => {
    const fakes = [...open];
    open.clear();
    try {
      for (const fake of fakes) fake.assertNoViolations();
    } finally {
      for (const fake of fakes) await fake.close();
    }
  });
  return async (options) => {
    const fake = await startGithubFake(options);
    open.add(fake);
    const close = fake.close.bind(fake);
    fake.close = async () => {
      open.delete(fake);
      await close();
    };
    return fake;
  };
}
