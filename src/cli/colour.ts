/**
 * Colour or not, as Node itself decides for its own output: FORCE_COLOR set to "", 1, 2, 3 or true
 * forces colour and any other value (0, false) turns it off; otherwise NO_COLOR (no-color.org), when
 * present and not empty, turns it off; otherwise colour only on a terminal.
 */
export function colourWanted(env: Record<string, string | undefined>, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return ["", "1", "2", "3", "true"].includes(force);
  if (env.NO_COLOR) return false;
  return isTTY;
}
