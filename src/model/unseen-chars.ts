// Characters a reader does not see but that change what they read: C0/C1 controls (ANSI escapes
// included), line and paragraph separators, bidirectional controls (U+202E turns "exe.txt" into
// "txt.exe"), zero-width and other invisible characters, and Unicode tag characters (text smuggled
// past a reviewer). Untrusted text shows each of them as a visible \uXXXX escape instead.

const UNSEEN = /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb]|\udb40[\udc00-\udc7f]/g;

/** `text` with every unseen character written as `\uXXXX` (`\u{E0041}` above U+FFFF). */
export function showUnseen(text: string): string {
  return text.replace(UNSEEN, (c) => {
    const code = c.codePointAt(0)!;
    return code > 0xffff ? `\\u{${code.toString(16).toUpperCase()}}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}
