import { completionScript, SHELLS, type Shell } from "../completion.js";
import type { CliCommand } from "../command.js";
import { ExitCode } from "../exit-codes.js";
import { GLOBAL_OPTIONS } from "../options.js";

export const completion: CliCommand = {
  name: "completion",
  summary: "Print a shell completion script (bash, zsh or fish)",
  description: `Prints a completion script for commands, their options and option values. Load it from your
shell's start-up file, or install it where your shell looks for completions.`,
  args: ["<shell>"],
  options: [],
  examples: [
    "source <(scopesync completion bash)                 # in ~/.bashrc",
    "scopesync completion zsh > \"${fpath[1]}/_scopesync\"   # then restart zsh",
    "scopesync completion fish > ~/.config/fish/completions/scopesync.fish",
  ],
  exitCodes: "0 printed, 1 unknown shell",
  needsRepo: false,
  argChoices: { shell: SHELLS },
  run: async ({ args, io, registry }) => {
    io.out(completionScript(args[0] as Shell, registry, GLOBAL_OPTIONS));
    return ExitCode.ok;
  },
};
