import { argName, flagParts, type CliCommand, type OptionSpec } from "./command.js";
import { append } from "../model/append.js";

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

/**
 * A completion script generated from the command registry, so that a new command or option
 * completes without anyone editing three shell dialects by hand.
 */
export function completionScript(shell: Shell, commands: readonly CliCommand[], globals: readonly OptionSpec[]): string {
  const all = [...commands, HELP];
  if (shell === "bash") return bash(all, globals);
  if (shell === "zsh") return zsh(all, globals);
  return fish(all, globals);
}

/** commander's own `help [command]`, listed like the others. */
const HELP: CliCommand = { name: "help", summary: "Show help for a command", description: "", options: [], examples: [], exitCodes: "", run: async () => 0 };
const STANDARD: readonly OptionSpec[] = [{ flags: "-h, --help", description: "show help" }];

/** The value a positional argument may take at position `i`, if the command lists them. */
function positionalWords(command: CliCommand, all: readonly CliCommand[]): string[] {
  if (command.name === "help") return all.map((c) => c.name);
  const first = command.args?.[0];
  return first ? [...(command.argChoices?.[argName(first)] ?? [])] : [];
}

function bash(commands: readonly CliCommand[], globals: readonly OptionSpec[]): string {
  const valued = new Set<string>();
  for (const o of [...globals, ...commands.flatMap((c) => c.options)]) if (flagParts(o.flags).value) valued.add(`--${flagParts(o.flags).long}`);
  const lines = [
    "# scopesync completion for bash. Load it with: source <(scopesync completion bash)",
    "_scopesync() {",
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" cmd="" npos=0 i',
    "  for ((i = 1; i < COMP_CWORD; i++)); do",
    '    case "${COMP_WORDS[i]}" in',
    `      ${[...valued].sort().join("|")}) ((i++)) ;;`,
    "      -*) ;;",
    '      *) if [[ -z "$cmd" ]]; then cmd="${COMP_WORDS[i]}"; else ((npos++)); fi ;;',
    "    esac",
    "  done",
  ];
  // Option values: choices, files, directories; anything else is free text (no completion).
  const valueCases: string[] = [];
  for (const c of commands) {
    for (const o of [...c.options, ...globals]) {
      const f = flagParts(o.flags);
      if (!f.value) continue;
      const words = o.choices ? `COMPREPLY=($(compgen -W "${o.choices.join(" ")}" -- "$cur"))` : o.complete === "directory" ? 'COMPREPLY=($(compgen -d -- "$cur"))' : o.complete === "file" ? 'COMPREPLY=($(compgen -f -- "$cur"))' : "COMPREPLY=()";
      valueCases.push(`    ${c.name}:--${f.long}) ${words}; return ;;`);
    }
  }
  for (const o of globals) {
    const f = flagParts(o.flags);
    if (f.value) valueCases.push(`    :--${f.long}) ${o.complete === "directory" ? 'COMPREPLY=($(compgen -d -- "$cur"))' : "COMPREPLY=()"}; return ;;`);
  }
  append(lines, ['  case "$cmd:$prev" in', ...valueCases, "  esac"]);
  const globalWords = globals.map((o) => `--${flagParts(o.flags).long}`);
  lines.push(
    '  if [[ -z "$cmd" ]]; then',
    `    COMPREPLY=($(compgen -W "${[...commands.map((c) => c.name), ...globalWords, "--help", "--version"].join(" ")}" -- "$cur"))`,
    "    return",
    "  fi",
    '  local words=""',
    '  case "$cmd" in',
  );
  for (const c of commands) {
    const flags = [...c.options, ...globals, ...STANDARD].map((o) => `--${flagParts(o.flags).long}`).join(" ");
    const positional = positionalWords(c, commands);
    lines.push(`    ${c.name}) words="${flags}"${positional.length ? `; [[ $npos -eq 0 && "$cur" != -* ]] && words="${positional.join(" ")}"` : ""} ;;`);
  }
  lines.push("  esac", '  COMPREPLY=($(compgen -W "$words" -- "$cur"))', "}", "complete -F _scopesync scopesync", "");
  return lines.join("\n");
}

/** Single-quoted for zsh and fish: ' ends the quote, so it is written as '\''. */
function quote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

function zsh(commands: readonly CliCommand[], globals: readonly OptionSpec[]): string {
  // In an _arguments spec the description sits in [...]: brackets and colons there need a backslash.
  const spec = (o: OptionSpec): string => {
    const f = flagParts(o.flags);
    const description = o.description.replace(/([[\]:\\])/g, "\\$1");
    if (!f.value) return quote(`--${f.long}[${description}]`);
    const action = o.choices ? `(${o.choices.join(" ")})` : o.complete === "directory" ? "_files -/" : o.complete === "file" ? "_files" : " ";
    return quote(`--${f.long}=[${description}]:${f.value}:${action}`);
  };
  const lines = [
    "#compdef scopesync",
    "# scopesync completion for zsh. Install: scopesync completion zsh > \"${fpath[1]}/_scopesync\"",
    "_scopesync() {",
    "  local curcontext=\"$curcontext\" state line",
    "  local -a commands",
    "  commands=(",
    ...commands.map((c) => `    ${quote(`${c.name}:${c.summary}`)}`),
    "  )",
    `  _arguments -C ${globals.map(spec).join(" ")} '(- *)'{-h,--help}'[show help]' '(- *)'{-v,--version}'[show the version]' '1:command:->command' '*::argument:->argument'`,
    "  case $state in",
    "    command) _describe -t commands 'scopesync command' commands ;;",
    "    argument)",
    "      case $line[1] in",
  ];
  for (const c of commands) {
    const positional = positionalWords(c, commands);
    const args = c.args?.length ? [quote(`1:${argName(c.args[0]!)}:${positional.length ? `(${positional.join(" ")})` : " "}`)] : [];
    lines.push(`        ${c.name}) _arguments ${[...c.options, ...globals].map(spec).concat(args).join(" ")} ;;`);
  }
  lines.push("      esac ;;", "  esac", "}", 'if [[ "${funcstack[1]}" = "_scopesync" ]]; then _scopesync "$@"; else compdef _scopesync scopesync; fi', "");
  return lines.join("\n");
}

function fish(commands: readonly CliCommand[], globals: readonly OptionSpec[]): string {
  const option = (o: OptionSpec, condition?: string): string => {
    const f = flagParts(o.flags);
    const parts = ["complete -c scopesync", ...(condition ? [`-n ${quote(condition)}`] : []), `-l ${f.long}`, ...(f.short ? [`-s ${f.short}`] : [])];
    if (f.value) parts.push(o.choices ? `-x -a ${quote(o.choices.join(" "))}` : o.complete === "directory" ? "-x -a '(__fish_complete_directories)'" : o.complete === "file" ? "-r -F" : "-x");
    parts.push(`-d ${quote(o.description)}`);
    return parts.join(" ");
  };
  const lines = [
    "# scopesync completion for fish. Install: scopesync completion fish > ~/.config/fish/completions/scopesync.fish",
    "complete -c scopesync -f",
    ...globals.map((o) => option(o)),
    "complete -c scopesync -s h -l help -d 'show help'",
    "complete -c scopesync -n __fish_use_subcommand -s v -l version -d 'show the version'",
    ...commands.map((c) => `complete -c scopesync -n __fish_use_subcommand -a ${c.name} -d ${quote(c.summary)}`),
  ];
  for (const c of commands) {
    const when = `__fish_seen_subcommand_from ${c.name}`;
    for (const o of c.options) lines.push(option(o, when));
    const positional = positionalWords(c, commands);
    if (positional.length) lines.push(`complete -c scopesync -n ${quote(when)} -a ${quote(positional.join(" "))}`);
  }
  lines.push("");
  return lines.join("\n");
}
