import type { CliCommand } from "./command.js";
import { apply } from "./commands/apply.js";
import { completion } from "./commands/completion.js";
import { drift } from "./commands/drift.js";
import { explain } from "./commands/explain.js";
import { identities } from "./commands/identities.js";
import { importTarget } from "./commands/import.js";
import { init } from "./commands/init.js";
import { nhi } from "./commands/nhi.js";
import { plan } from "./commands/plan.js";
import { report } from "./commands/report.js";
import { resolve } from "./commands/resolve.js";
import { snapshot } from "./commands/snapshot.js";
import { state } from "./commands/state.js";
import { validate } from "./commands/validate.js";

/**
 * Every command, in the order `scopesync --help` lists them. A new command is one file in
 * commands/ and one line here; help, did-you-mean and completion follow from it.
 */
export const COMMANDS: readonly CliCommand[] = [
  validate,
  plan,
  resolve,
  apply,
  drift,
  explain,
  identities,
  nhi,
  report,
  snapshot,
  init,
  importTarget,
  state,
  completion,
];
