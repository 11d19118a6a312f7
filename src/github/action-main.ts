// The entry of the Action's bundle (dist-action/index.js, built by scripts/build-action.mjs):
// runs one command with the runner's process as its input and output.
import { runAction } from "./action.js";

process.exitCode = await runAction({
  out: (t) => process.stdout.write(t.endsWith("\n") ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith("\n") ? t : `${t}\n`),
  env: process.env,
  cwd: process.cwd(),
});
