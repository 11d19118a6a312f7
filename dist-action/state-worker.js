// Built by scripts/build-action.mjs from src/ (npm run build:action). Do not edit.
import { createRequire as __scopesyncCreateRequire } from "node:module";
const require = __scopesyncCreateRequire(import.meta.url);

// src/targets/state-worker.ts
import { resolve } from "node:path";
import { parentPort } from "node:worker_threads";

// src/model/echo-matcher.ts
var CANDIDATE_DEPTH = 4;
var GAP = String.raw`(?:\r?\n(?:\x1b\[[0-9;]*m)*[+\- ]?[ \t]*|\x1b\[[0-9;]*m|[\u00ad\u200b-\u200d\u2060\ufeff]|\\(?:n[+\- ]?[ \t]*|[rt]|u(?:000[9a-d]|00ad|200[b-d]|202[89]|2060|feff))?)`;
var GAP_AT = new RegExp(`${GAP}+`, "y");
var GAPS = new RegExp(GAP, "g");
var EchoMatcher = class {
  root = { char: "", end: false, next: /* @__PURE__ */ new Map() };
  candidates;
  constructor(forms) {
    for (const form of forms) {
      let node = this.root;
      for (const char of form.replace(GAPS, "").split("")) {
        const key = foldKey(char);
        let child = node.next.get(key);
        if (!child) node.next.set(key, child = { char, end: false, next: /* @__PURE__ */ new Map() });
        node = child;
      }
      if (node !== this.root) node.end = true;
    }
    this.candidates = new RegExp(branches(this.root, CANDIDATE_DEPTH), "gi");
  }
  /** `text` with every echo of a form replaced by `mask`, the longest where forms overlap. */
  replace(text, mask) {
    if (this.root.next.size === 0) return text;
    const candidates = this.candidates;
    candidates.lastIndex = 0;
    let out = "";
    let copied = 0;
    for (let m = candidates.exec(text); m; m = candidates.exec(text)) {
      const end = this.echoEnd(text, m.index);
      if (end < 0) {
        candidates.lastIndex = m.index + 1;
        continue;
      }
      out += text.slice(copied, m.index) + mask;
      copied = candidates.lastIndex = end;
    }
    return copied === 0 ? text : out + text.slice(copied);
  }
  /** Where the longest echo of a form that starts at `start` ends (its last character, not a gap after it), or -1. */
  echoEnd(text, start) {
    let best = -1;
    let node = this.root;
    for (let at = start; at < text.length; ) {
      const child = node.next.get(foldKey(text[at]));
      if (!child) break;
      node = child;
      at++;
      if (node.end) best = at;
      GAP_AT.lastIndex = at;
      if (GAP_AT.test(text)) at = GAP_AT.lastIndex;
    }
    return best;
  }
};
function foldKey(char) {
  return char.length === 1 && char.charCodeAt(0) < 128 ? char.toLowerCase() : char;
}
function branches(node, depth) {
  const alternatives = [...node.next.values()].map((child) => {
    const head = escapeRegExp(child.char);
    if (child.next.size === 0 || child.end || depth === 1) return head;
    return `${head}${GAP}*${branches(child, depth - 1)}`;
  });
  return alternatives.length === 1 ? alternatives[0] : `(?:${alternatives.join("|")})`;
}
function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// src/model/ai-api-key-shapes.ts
var AI_API_KEY_SHAPES = [
  ["Anthropic API key", /\bsk-ant-[a-z]{3,6}\d{2}-[A-Za-z0-9_-]{32,}/],
  ["OpenAI API key", /\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|\bsk-(?:[A-Za-z0-9_]+-){0,3}[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9_-]*/]
];

// src/model/high-entropy.ts
function looksRandom(text) {
  if (text.length < 32 || /\s/.test(text) || !/^[A-Za-z0-9+/=_.~-]+$/.test(text)) return false;
  const counts = /* @__PURE__ */ new Map();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= n / text.length * Math.log2(n / text.length);
  return bits >= 4.5;
}

// src/model/aws-secret-key.ts
var AWS_SECRET_KEY = "AWS secret access key";
var LENGTH = 40;
function inAlphabet(c) {
  return c >= 65 && c <= 90 || c >= 97 && c <= 122 || c >= 48 && c <= 57 || c === 47 || c === 43;
}
function runsOf40(text) {
  const starts = [];
  let end = -1;
  for (let probe = end + LENGTH; probe < text.length; probe = end + LENGTH) {
    if (!inAlphabet(text.charCodeAt(probe))) {
      end = probe;
      continue;
    }
    let start = probe;
    while (start > end + 1 && inAlphabet(text.charCodeAt(start - 1))) start--;
    end = probe + 1;
    while (end < text.length && inAlphabet(text.charCodeAt(end))) end++;
    if (end - start === LENGTH) starts.push(start);
  }
  return starts;
}
function isSecretKey(run) {
  return /[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9/+]/.test(run) && looksRandom(run);
}
var SSO_REQUEST = "authorization_request=";
var isSsoRequest = (text, at) => at >= SSO_REQUEST.length && text.startsWith(SSO_REQUEST, at - SSO_REQUEST.length);
var keyAt = (text, at) => !isSsoRequest(text, at) && isSecretKey(text.slice(at, at + LENGTH));
function hasAwsSecretKey(text) {
  return text.length >= LENGTH && runsOf40(text).some((at) => keyAt(text, at));
}
function replaceAwsSecretKeys(text, shown) {
  if (text.length < LENGTH) return text;
  let replaced = "";
  let from = 0;
  for (const at of runsOf40(text)) {
    if (!keyAt(text, at)) continue;
    replaced += text.slice(from, at) + shown;
    from = at + LENGTH;
  }
  return from === 0 ? text : replaced + text.slice(from);
}

// src/model/may-hide-secret.ts
var RUN = 40;
function mayHideSecret(text) {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const lower = c | 32;
    if (lower >= 97 && lower <= 122 || c >= 48 && c <= 57 || c === 47 || c === 43) {
      if (++run >= RUN) return true;
      if (lower === 120 && i >= 2 && (text.charCodeAt(i - 1) | 32) === 111 && (text.charCodeAt(i - 2) | 32) === 120) return true;
      if (c === 74 && i >= 2 && text.charCodeAt(i - 1) === 121 && text.charCodeAt(i - 2) === 101) return true;
      if (c === 97 && i >= 3 && text.charCodeAt(i - 1) === 122 && text.charCodeAt(i - 2) === 73 && text.charCodeAt(i - 3) === 65) return true;
      continue;
    }
    run = 0;
    if (c === 95 && i >= 1) {
      const before = text.charCodeAt(i - 1) | 32;
      if (before === 98 || i >= 2 && (text.charCodeAt(i - 2) | 32) === 104) return true;
      if (text.startsWith("k_live_", i - 1) || i >= 3 && text.startsWith("npm", i - 3)) return true;
    } else if (c === 45) {
      if (i >= 2 && text.charCodeAt(i - 1) === 107 && text.charCodeAt(i - 2) === 115) return true;
      if (text.startsWith("-----BEGIN ", i)) return true;
      if (i >= 5 && text.startsWith("glpat", i - 5)) return true;
      if (i >= 4 && (text.charCodeAt(i - 4) | 32) === 120 && (text.charCodeAt(i - 3) | 32) === 97 && (text.charCodeAt(i - 2) | 32) === 112 && (text.charCodeAt(i - 1) | 32) === 112) return true;
    } else if (c === 58) {
      if (text.charCodeAt(i + 1) === 47 && text.charCodeAt(i + 2) === 47) return true;
    } else if (c === 46) {
      if (i >= 5 && text.startsWith("hooks.slack.com/", i - 5)) return true;
    } else if (c === 126) {
      if (i >= 1 && text.charCodeAt(i - 1) === 81) return true;
    }
  }
  return false;
}

// src/model/secret-names.ts
var SECRET_KEY = /(?:^|[_-])(?:password|passwd|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|client[_-]?secret)$|(?:Password|Secret|Token|ApiKey|PrivateKey|AccessKey)$/i;
var SECRET_PARAM = /(?:^|[-_.])(?:key|apikey|sig|signature|auth|pass|pwd|j?sessionid)$/i;
var CURSOR_PARAM = /^(?:next|page|continuation)[-_]?(?:page[-_]?)?token$/i;
function isCredentialParam(name) {
  return (SECRET_KEY.test(name) || SECRET_PARAM.test(name)) && !CURSOR_PARAM.test(name);
}

// src/model/urls-in-text.ts
function hasScheme(text, at) {
  for (let i = at - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    const letter = c >= 65 && c <= 90 || c >= 97 && c <= 122;
    if (letter) return true;
    if (!(c >= 48 && c <= 57 || c === 43 || c === 45 || c === 46)) return false;
  }
  return false;
}
function mayHoldUrlParam(text) {
  const scheme = text.indexOf("://");
  return scheme !== -1 && text.indexOf("=", scheme + 3) !== -1;
}
function* urlParams(text) {
  const body = /[^\s"'<>`]*/y;
  let from = 0;
  for (; ; ) {
    const at = text.indexOf("://", from);
    if (at === -1) return;
    if (!hasScheme(text, at)) {
      from = at + 3;
      continue;
    }
    body.lastIndex = at + 3;
    body.exec(text);
    const end = body.lastIndex;
    from = end;
    let piece = at + 3;
    while (piece < end && !isPartStart(text.charCodeAt(piece))) piece++;
    while (piece < end) {
      piece++;
      let stop = piece;
      while (stop < end && !isPartStart(text.charCodeAt(stop)) && text.charCodeAt(stop) !== 38) stop++;
      const eq = text.indexOf("=", piece);
      if (eq !== -1 && eq < stop) {
        const [name, value] = new URLSearchParams(text.slice(piece, stop)).entries().next().value;
        yield { name, value, start: eq + 1, end: stop };
      }
      piece = stop;
    }
  }
}
function isPartStart(c) {
  return c === 63 || c === 35 || c === 59;
}

// src/model/vendor-key-shapes.ts
var VENDOR_KEY_SHAPES = [
  ["Stripe API key", /\b[rs]k_live_[0-9A-Za-z]{10,}/],
  ["Google API key", /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/],
  ["npm access token", /\bnpm_[A-Za-z0-9]{36}\b/],
  ["GitLab access token", /\bglpat-[A-Za-z0-9_.-]{20,}/],
  ["Slack webhook URL", /\bhooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/+-]{20,}/],
  ["Entra client secret", /(?<![A-Za-z0-9_.~-])[A-Za-z0-9_.~-]{3}\dQ~[A-Za-z0-9_.~-]{31,34}(?![A-Za-z0-9_.~-])/]
];

// src/model/secret-shapes.ts
var TOKEN_SHAPES = [
  ["GitHub token", /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b/i],
  ["AWS access key id", /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/],
  ["Slack token", /\bx(?:ox[abposr]|app)-[A-Za-z0-9-]{10,}/i],
  ["private key", /-----BEGIN [A-Z ]*PRIVATE KEY(?: BLOCK)?-----/],
  ["JSON Web Token", /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/],
  ...AI_API_KEY_SHAPES,
  ["API secret key", /\bsk-(?:live-|proj-)?[A-Za-z0-9]{24,}\b/],
  ...VENDOR_KEY_SHAPES
];
var SHORTEST_TOKEN = 15;
var MAY_BE_TOKEN = /[Gg][Hh][PpOoUuSsRr]_|[Gg][Ii][Tt][Hh][Uu][Bb]_[Pp][Aa][Tt]_|AKIA|ASIA|[Xx][Oo][Xx]|[Xx][Aa][Pp][Pp]-|-----BEGIN |eyJ|sk-|k_live_|AIza|npm_|glpat-|hooks\.slack\.com\/|Q~/;
var URL_PASSWORD = /:\/\/[^\s/?#@:]*:([^\s/?#@]+)@/g;
function mayHoldUrlPassword(text) {
  const scheme = text.indexOf("://");
  return scheme !== -1 && text.indexOf("@", scheme + 3) !== -1;
}
var REFERENCE = /^(?:\$\{env:[A-Z_][A-Z0-9_]*\}|vault:[A-Za-z0-9/_.-]+(?:#[A-Za-z0-9_.-]+)?)$/;
function isSecretReference(text) {
  return REFERENCE.test(text);
}
function secretShape(text) {
  return shapeIn(text, MAY_BE_TOKEN, TOKEN_SHAPES);
}
function shapeIn(text, mayBe, shapes) {
  if (mayHoldUrlPassword(text)) {
    for (const m of text.matchAll(URL_PASSWORD)) if (hasScheme(text, m.index) && !isSecretReference(m[1])) return "password in a URL";
  }
  if (mayBe.test(text)) {
    for (const [name, shape] of shapes) if (shape.test(text)) return name;
  }
  return hasAwsSecretKey(text) ? AWS_SECRET_KEY : secretInQuery(text);
}
var SHOWN_PARAM = /^[A-Za-z][A-Za-z0-9_.-]{0,31}$/;
function secretInQuery(text) {
  if (!mayHoldUrlParam(text)) return void 0;
  for (const param of urlParams(text)) if (isQuerySecret(param)) return queryParamKind(param.name);
  return void 0;
}
function queryParamKind(name) {
  return SHOWN_PARAM.test(name) && secretShape(name) === void 0 ? `URL query parameter "${name}"` : "URL query parameter";
}
function isQuerySecret({ name, value }) {
  return (value.length >= 12 || secretShape(value) !== void 0) && !isSecretReference(value) && isCredentialParam(name);
}
function maskUrlPasswords(text) {
  return replaceQuerySecrets(replaceUrlPasswords(text, ":***@"), "***");
}
function replaceQuerySecrets(text, replacement) {
  if (!mayHoldUrlParam(text)) return text;
  let replaced = "";
  let done = 0;
  for (const param of urlParams(text)) {
    if (!isQuerySecret(param)) continue;
    let end = param.end;
    while (end > param.start && text.charCodeAt(end - 1) === 92) end--;
    replaced += text.slice(done, param.start) + replacement;
    done = end;
  }
  return done === 0 ? text : replaced + text.slice(done);
}
function replaceUrlPasswords(text, replacement) {
  return mayHoldUrlPassword(text) ? text.replace(URL_PASSWORD, (whole, password, at) => !hasScheme(text, at) || isSecretReference(password) ? whole : whole.slice(0, whole.length - password.length - 2) + replacement) : text;
}
var NOT_SHOWN_HEAD = "(a value not shown: it looks like a secret, ";
function notShown(shape) {
  return `${NOT_SHOWN_HEAD}${shape})`;
}
var HIDDEN_TOKEN_SHAPES = TOKEN_SHAPES.filter(([name]) => name !== "AWS access key id");
var TOKEN_SHAPES_ANYWHERE = HIDDEN_TOKEN_SHAPES.map(([name, shape]) => [
  name,
  name === "private key" ? /-----BEGIN [A-Z ]*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END [A-Z ]*PRIVATE KEY(?: BLOCK)?-----|(?:[A-Za-z0-9+/=\s]|\\[nr])*)/g : new RegExp(shape.source, `${shape.flags}g`)
]);
var MAY_BE_HIDDEN = /[Gg][Hh][PpOoUuSsRr]_|[Gg][Ii][Tt][Hh][Uu][Bb]_[Pp][Aa][Tt]_|[Xx][Oo][Xx]|[Xx][Aa][Pp][Pp]-|-----BEGIN |eyJ|sk-|k_live_|AIza|npm_|glpat-|hooks\.slack\.com\/|Q~/;
var QUOTED_NOT_SHOWN = /"(\(a value not shown: it looks like a secret, [^)]*\))"/g;
function mayBeMasked(text) {
  return (text.length >= SHORTEST_TOKEN || text.includes("://")) && mayHideSecret(text);
}
function maskSecretShapes(text) {
  if (!mayBeMasked(text)) return text;
  const masked = replaceQuerySecrets(replaceSecretShapes(replaceUrlPasswords(text, ":***@"), notShown), "***");
  return masked === text ? masked : masked.replace(QUOTED_NOT_SHOWN, "$1");
}
function replaceSecretShapes(text, shown) {
  let replaced = text;
  if (MAY_BE_HIDDEN.test(replaced)) for (const [name, shape] of TOKEN_SHAPES_ANYWHERE) replaced = replaced.replace(shape, shown(name));
  return replaceAwsSecretKeys(replaced, shown(AWS_SECRET_KEY));
}

// src/model/redact.ts
var MIN_SECRET_LENGTH = 6;
var MIN_ENCODED_LENGTH = 8;
var MASK = "***";
var Redactor = class {
  forms = /* @__PURE__ */ new Set();
  matcher;
  /** Registers a secret value; values shorter than MIN_SECRET_LENGTH are ignored. */
  add(secret) {
    if (!secret || secret.length < MIN_SECRET_LENGTH) return;
    const before = this.forms.size;
    for (const form of encodedForms(secret)) if (form.length >= MIN_ENCODED_LENGTH || form === secret) this.forms.add(form);
    if (this.forms.size !== before) this.matcher = void 0;
  }
  /** `text` with every registered secret, in each of its forms, and every URL password replaced. */
  scrub(text) {
    const masked = maskUrlPasswords(text);
    if (this.forms.size === 0) return masked;
    this.matcher ??= new EchoMatcher(this.forms);
    return this.matcher.replace(masked, MASK);
  }
};
var shared = new Redactor();
function redact(text) {
  return shared.scrub(text);
}
function encodedForms(secret) {
  const bytes = Buffer.from(secret, "utf8");
  const uri = encodeURIComponent(secret);
  const forms = [
    secret,
    uri,
    uri.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
    uri.replace(/%20/g, "+"),
    JSON.stringify(secret).slice(1, -1),
    secret.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;")
  ];
  const alone = bytes.toString("base64");
  forms.push(alone, alone.replace(/=+$/, ""), toUrlSafe(alone).replace(/=+$/, ""));
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString("base64");
    const from = offset === 0 ? 0 : 4;
    const to = Math.floor((offset + bytes.length) / 3) * 4;
    if (to - from >= MIN_ENCODED_LENGTH) forms.push(encoded.slice(from, to), toUrlSafe(encoded.slice(from, to)));
  }
  return [...new Set(forms)];
}
function toUrlSafe(base64) {
  return base64.replace(/\+/g, "-").replace(/\//g, "_");
}

// src/model/errors.ts
var ScopesyncError = class extends Error {
  constructor(message, hint) {
    super(maskSecretShapes(redact(message)));
    this.name = "ScopesyncError";
    this.hint = hint === void 0 ? void 0 : maskSecretShapes(redact(hint));
  }
  /** What the person at the terminal can do about it. */
  hint;
};

// src/targets/state-stream.ts
import { constants } from "node:buffer";

// src/model/account-fields.ts
var FIELDS = { id: true, login: true, externalId: true, active: true, attributes: true, entitlements: true, disabledAt: true };
var ACCOUNT_FIELDS = Object.keys(FIELDS);

// src/targets/state-columns.ts
var ABSENT = -1;
var IRREGULAR = -1;
var MAX_SHARED_VALUES = 1e3;
function columnsOf(state) {
  const builder = new ColumnsBuilder();
  for (const account of state.accounts) builder.add(account);
  return builder.finish(state);
}
var ColumnsBuilder = class {
  /** The text so far, as `encoding`, and its length in characters (UTF-16 code units). */
  bytes = Buffer.allocUnsafe(1 << 16);
  encoding = "latin1";
  length = 0;
  fields = new Int32Array(1024);
  used = 0;
  starts = new Int32Array(1024);
  accounts = 0;
  // An entitlement list is found by identity: accounts with the same entitlements hold one list.
  lists = /* @__PURE__ */ new Map();
  listsOut = [];
  shapes = /* @__PURE__ */ new Map();
  shapesOut = [];
  shared = /* @__PURE__ */ new Map();
  values = [];
  irregular = [];
  add(a) {
    if (this.accounts === this.starts.length) this.starts = grown(this.starts);
    this.starts[this.accounts++] = this.used;
    if (!regular(a)) {
      this.push(IRREGULAR);
      this.irregular.push([this.accounts - 1, a]);
      return;
    }
    this.text(a.id);
    this.text(a.login);
    this.text(a.externalId);
    this.text(a.disabledAt);
    this.push(a.active ? 1 : 0);
    let list = this.lists.get(a.entitlements);
    if (list === void 0) {
      list = this.listsOut.length;
      this.lists.set(a.entitlements, list);
      this.listsOut.push([...a.entitlements]);
    }
    this.push(list);
    let key = "";
    for (const name in a.attributes) key += `${name.length}:${name}`;
    let shape = this.shapes.get(key);
    if (shape === void 0) {
      shape = this.shapesOut.length;
      this.shapes.set(key, shape);
      this.shapesOut.push(Object.keys(a.attributes));
    }
    this.push(shape);
    for (const name in a.attributes) this.attribute(name, a.attributes[name]);
  }
  /** The columns, with the state's other parts (`state`'s own accounts are not looked at: they are the ones added). */
  finish(state) {
    const size = this.length * (this.encoding === "latin1" ? 1 : 2);
    const text = new ArrayBuffer(size);
    this.bytes.copy(new Uint8Array(text), 0, 0, size);
    const starts = new Int32Array(this.accounts + 1);
    starts.set(this.starts.subarray(0, this.accounts));
    starts[this.accounts] = this.used;
    return {
      // The accounts key stays where it was, so that the state comes back with its fields in readStateFile's order.
      state: { ...state, accounts: [] },
      accounts: this.accounts,
      text,
      encoding: this.encoding,
      starts,
      fields: this.fields.slice(0, this.used),
      lists: this.listsOut,
      shapes: this.shapesOut,
      values: this.values,
      irregular: this.irregular
    };
  }
  /** An attribute's value: shared while the attribute has shown at most MAX_SHARED_VALUES values, else in the text. */
  attribute(name, value) {
    let table = this.shared.get(name);
    if (table === void 0) this.shared.set(name, table = /* @__PURE__ */ new Map());
    if (table !== null) {
      let v = table.get(value);
      if (v === void 0 && table.size < MAX_SHARED_VALUES) {
        v = this.values.length;
        table.set(value, v);
        this.values.push(value);
      }
      if (v !== void 0) {
        this.push(-2 - v);
        this.push(0);
        return;
      }
      this.shared.set(name, null);
    }
    this.text(value);
  }
  push(n) {
    if (this.used === this.fields.length) this.fields = grown(this.fields);
    this.fields[this.used++] = n;
  }
  text(s) {
    if (s === void 0) {
      this.push(ABSENT);
      this.push(ABSENT);
      return;
    }
    this.push(this.length);
    if (this.encoding === "latin1" && NOT_LATIN1.test(s)) this.widen();
    const width = this.encoding === "latin1" ? 1 : 2;
    const at = this.length * width;
    this.room(at + s.length * width);
    this.bytes.write(s, at, this.encoding);
    this.length += s.length;
    this.push(this.length);
  }
  /** The text so far written again as UTF-16 code units. */
  widen() {
    const wide = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, 1 << 16));
    for (let k = 0; k < this.length; k++) wide.writeUInt16LE(this.bytes[k], 2 * k);
    this.bytes = wide;
    this.encoding = "utf16le";
  }
  room(size) {
    if (size <= this.bytes.length) return;
    const more = Buffer.allocUnsafe(Math.max(size, this.bytes.length * 2));
    this.bytes.copy(more, 0, 0, this.length * (this.encoding === "latin1" ? 1 : 2));
    this.bytes = more;
  }
};
var NOT_LATIN1 = /[^\x00-\xff]/;
function grown(a) {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
function regular(a) {
  if (typeof a.attributes !== "object" || a.attributes === null || Array.isArray(a.attributes)) return false;
  for (const name in a.attributes) if (typeof a.attributes[name] !== "string" || name === "__proto__") return false;
  return true;
}

// src/model/json-error.ts
function jsonSyntaxProblem(text, error) {
  if (text.trim() === "") return "empty, expected JSON";
  const message = error instanceof Error ? error.message : "";
  const cutShort = `not valid JSON: it ends at ${lineColumn(text, text.length)} before the JSON does (cut short?)`;
  if (message.includes("Unexpected end of JSON input")) return cutShort;
  const at = /position (\d+)/.exec(message);
  if (!at) return "not valid JSON";
  if (Number(at[1]) >= text.trimEnd().length) return cutShort;
  return `not valid JSON at ${lineColumn(text, Number(at[1]))}`;
}
function lineColumn(text, offset) {
  const { line, col } = positionOf(text, offset);
  return `line ${line} column ${col}`;
}
function positionOf(text, offset) {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, col: offset - start + 1 };
}

// src/model/interner.ts
function interner(keep = (value) => value, limit = Infinity) {
  const seen = /* @__PURE__ */ new Map();
  return (value) => {
    const had = seen.get(value);
    if (had !== void 0) return had;
    const kept = keep(value);
    if (seen.size < limit) seen.set(kept, kept);
    return kept;
  };
}

// src/model/list-interner.ts
function listInterner(maxLists = 1e4) {
  const root = { list: Object.freeze([]) };
  const value = interner();
  let lists = 0;
  return (given) => {
    let node = root;
    for (let k = 0; k < given.length && node; k++) node = node.next?.get(String(given[k]));
    if (node?.list) return node.list;
    const shared2 = Object.freeze(given.map((v) => value(String(v))));
    if (lists >= maxLists) return shared2;
    lists++;
    node = root;
    for (const v of shared2) {
      node.next ??= /* @__PURE__ */ new Map();
      let child = node.next.get(v);
      if (!child) node.next.set(v, child = {});
      node = child;
    }
    node.list = shared2;
    return shared2;
  };
}

// src/model/digits.ts
function digitsAt(text, from, to) {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
function numberAt(text, from, to) {
  let value = 0;
  for (let i = from; i < to; i++) value = value * 10 + (text.charCodeAt(i) - 48);
  return value;
}

// src/model/time-zone.ts
var formatters = /* @__PURE__ */ new Map();
function formatter(zone) {
  let f = formatters.get(zone);
  if (f !== void 0) return f;
  try {
    f = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric", era: "short" });
  } catch {
    f = null;
  }
  formatters.set(zone, f);
  return f;
}
function isTimeZone(zone) {
  return /^[A-Za-z]/.test(zone) && formatter(zone) !== null;
}
function offsetAt(zone, at) {
  const parts = {};
  for (const p of zone.formatToParts(at)) parts[p.type] = p.value;
  const year = parts["era"] === "BC" ? 1 - Number(parts["year"]) : Number(parts["year"]);
  const wall = Date.UTC(year, Number(parts["month"]) - 1, Number(parts["day"]), Number(parts["hour"]), Number(parts["minute"]), Number(parts["second"]));
  return wall - (at - (at % 1e3 + 1e3) % 1e3);
}
var HOURS_14 = 14 * 36e5;
function zoneDayStart(year, month, day, zone) {
  const f = formatter(zone);
  if (f === null) return Number.NaN;
  const local = Date.UTC(year, month - 1, day);
  const before = offsetAt(f, local - HOURS_14);
  const after = offsetAt(f, local + HOURS_14);
  const isMidnight = (at) => offsetAt(f, at) === local - at;
  const first = local - Math.max(before, after);
  const second = local - Math.min(before, after);
  if (isMidnight(first)) return first;
  if (isMidnight(second)) return second;
  return local - before;
}

// src/model/time.ts
var DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
var ZONED_DATE = /^(\d{4})-(\d{2})-(\d{2})(Z|([+-])(\d{2}):(\d{2}))$/;
var DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;
var ZONE_DAY = /^(\d{4})-(\d{2})-(\d{2})\[([^\]]+)\]$/;
function isValidDate(value) {
  const m = DATE.exec(value) ?? DATE_TIME.exec(value);
  if (!m) return false;
  if (!isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  if (m[4] !== void 0 && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59)) return false;
  if (m[9] !== void 0 && (Number(m[9]) > 23 || Number(m[10]) > 59)) return false;
  return true;
}
var LEAP_SECOND = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2}):60(?:\.\d+)?([Zz]|[+-]\d{2}:?\d{2})?$/;
function leapSecond(value) {
  const m = LEAP_SECOND.exec(value.trim());
  if (!m) return void 0;
  const [, day, hour, minute, zone] = m;
  const problem = "second 60 is a leap second, which scopesync does not accept (JavaScript dates cannot hold one)";
  const offset = zone === void 0 || /^[Zz]$/.test(zone) ? "Z" : zone.includes(":") ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const before = `${day}T${hour}:${minute}:59${offset}`;
  const at = parseDate(before);
  if (Number.isNaN(at)) return { problem, fix: "write the second as 59, or the next minute with second 00" };
  const shift = offset === "Z" ? 0 : (offset.startsWith("-") ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 6e4;
  const next = `${new Date(at + 1e3 + shift).toISOString().slice(0, 19)}${offset}`;
  return { problem, fix: `write ${before}, or the next minute, ${next}` };
}
var DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function isCalendarDate(year, month, day) {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
}
function isZonedDate(value) {
  const m = ZONED_DATE.exec(value);
  if (!m || !isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  return m[4] === "Z" || Number(m[7]) <= 59 && Number(m[6]) * 60 + Number(m[7]) <= 14 * 60;
}
function isZoneDay(value) {
  const m = ZONE_DAY.exec(value);
  return m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3])) && isTimeZone(m[4]);
}
function parseDate(value) {
  const utc = utcMillis(value);
  if (utc !== void 0) return utc;
  if (value.endsWith("]")) return zoneDayMillis(value);
  if (isZonedDate(value)) return Date.parse(`${value.slice(0, 10)}T00:00:00${value.slice(10)}`);
  if (!isValidDate(value)) return Number.NaN;
  if (DATE.test(value)) return Date.parse(`${value}T00:00:00Z`);
  const m = DATE_TIME.exec(value);
  const fraction = (m[7] ?? ".").slice(1).padEnd(3, "0").slice(0, 3);
  const zone = m[8].toUpperCase();
  return Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${fraction}${zone}`);
}
function utcMillis(value) {
  if (value.length !== 24 || value.charCodeAt(23) !== 90) return void 0;
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45 || value.charCodeAt(10) !== 84 || value.charCodeAt(13) !== 58 || value.charCodeAt(16) !== 58 || value.charCodeAt(19) !== 46) return void 0;
  if (!digitsAt(value, 0, 4) || !digitsAt(value, 5, 7) || !digitsAt(value, 8, 10) || !digitsAt(value, 11, 13) || !digitsAt(value, 14, 16) || !digitsAt(value, 17, 19) || !digitsAt(value, 20, 23)) return void 0;
  if (!isCalendarDate(numberAt(value, 0, 4), numberAt(value, 5, 7), numberAt(value, 8, 10))) return void 0;
  if (numberAt(value, 11, 13) > 23 || numberAt(value, 14, 16) > 59 || numberAt(value, 17, 19) > 59) return void 0;
  return Date.parse(value);
}
var zoneDayStarts = /* @__PURE__ */ new Map();
function zoneDayMillis(value) {
  let at = zoneDayStarts.get(value);
  if (at !== void 0) return at;
  const m = ZONE_DAY.exec(value);
  at = m && isZoneDay(value) ? zoneDayStart(Number(m[1]), Number(m[2]), Number(m[3]), m[4]) : Number.NaN;
  zoneDayStarts.set(value, at);
  return at;
}
var HOUR = 36e5;
var DAY = 24 * HOUR;

// src/model/json-locate.ts
function jsonValueOffset(text, path) {
  let at = space(text, 0);
  for (const step of path) {
    const next = typeof step === "number" ? element(text, at, step) : member(text, at, step);
    if (next === void 0) return at;
    at = next;
  }
  return at;
}
function element(text, at, index) {
  if (text[at] !== "[") return void 0;
  let p = space(text, at + 1);
  if (text[p] === "]") return void 0;
  for (let i = 0; i < index; i++) {
    p = space(text, skipValue(text, p));
    if (text[p] !== ",") return void 0;
    p = space(text, p + 1);
  }
  return p;
}
function member(text, at, key) {
  if (text[at] !== "{") return void 0;
  let p = space(text, at + 1);
  let found;
  while (text[p] === '"') {
    const end = skipString(text, p);
    const name = JSON.parse(text.slice(p, end));
    p = space(text, end);
    if (text[p] !== ":") return found;
    p = space(text, p + 1);
    if (name === key) found = p;
    p = space(text, skipValue(text, p));
    if (text[p] !== ",") break;
    p = space(text, p + 1);
  }
  return found;
}
function skipValue(text, p) {
  const c = text[p];
  if (c === '"') return skipString(text, p);
  if (c !== "{" && c !== "[") {
    while (p < text.length && !",]} 	\r\n".includes(text[p])) p++;
    return p;
  }
  let depth = 0;
  while (p < text.length) {
    const ch = text[p];
    if (ch === '"') {
      p = skipString(text, p);
      continue;
    }
    if (ch === "{" || ch === "[") depth++;
    else if (ch === "}" || ch === "]") {
      depth--;
      if (depth === 0) return p + 1;
    }
    p++;
  }
  return p;
}
function skipString(text, p) {
  for (let i = p + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\\") i++;
    else if (ch === '"') return i + 1;
  }
  return text.length;
}
function space(text, p) {
  while (p < text.length && (text[p] === " " || text[p] === "	" || text[p] === "\n" || text[p] === "\r")) p++;
  return p;
}

// src/targets/state-shape.ts
var STATE_SHAPE_FIX = "the state file holds { formatVersion: 1, accounts: [{ id, login, active, entitlements, attributes }], credentials: [] }";
var StateShapeError = class extends ScopesyncError {
  constructor(target, file, what, at, fix = STATE_SHAPE_FIX) {
    super(`target "${target}": ${file}: ${what}`, fix);
    this.target = target;
    this.file = file;
    this.what = what;
    this.at = at;
  }
  target;
  file;
  what;
  at;
  /** The same error at the line and column `at` has in `text` (the file's JSON). */
  locatedIn(text) {
    const { line, col } = positionOf(text, jsonValueOffset(text, this.at));
    return new ScopesyncError(`target "${this.target}": ${this.file}:${line}:${col}: ${this.what}`, this.hint);
  }
};
function shapeProblem(file, target) {
  return (what, at, fix) => {
    throw new StateShapeError(target, file, what, at, fix);
  };
}
function jsonKind(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "number") return `the number ${String(value)}`;
  if (typeof value === "boolean") return String(value);
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
function idAsStringFix(value) {
  return typeof value === "number" ? `write it in quotes, "${String(value)}": a state file keeps ids as strings, as scopesync state pull writes them (GitHub's API gives ids as numbers)` : void 0;
}

// src/targets/state-credentials.ts
var SHAPE = `{ "id": "<the target's credential id>", "account": "<the account id, or \\"\\">", "type": "<kind>" }`;
var PULL = "or pull the state again (scopesync state pull)";
var OPTIONAL_STRINGS = ["heldBy", "credentialId", "access", "manualRevocation"];
var DATES = ["createdAt", "lastUsedAt"];
var STATUSES = ["active", "inactive"];
function checkCredentials(value, bad, checkDate) {
  if (value === void 0) return [];
  if (!Array.isArray(value)) {
    const mapping = value !== null && typeof value === "object";
    bad(`credentials must be a list of credentials, not ${jsonKind(value)}`, ["credentials"], mapping ? `write credentials as a list, [${SHAPE}, \u2026], each credential an object with its own id (not keyed by it); ${PULL}` : `write credentials as a list, [] when the target has none; ${PULL}`);
  }
  value.forEach((c, i) => checkCredential(c, i, bad, checkDate));
  return value;
}
function checkCredential(c, i, bad, checkDate) {
  const at = ["credentials", i];
  if (c === null || typeof c !== "object" || Array.isArray(c)) bad(`credentials[${i}] is ${jsonKind(c)}, not a credential`, at, `write it as ${SHAPE}, or remove it from the list`);
  const x = c;
  const name = typeof x.id === "string" && x.id !== "" ? `credentials[${i}] (${x.id})` : `credentials[${i}]`;
  for (const field of ["id", "account", "type"]) {
    const v = x[field];
    if (typeof v === "string" && (v !== "" || field === "account")) continue;
    const what = v === void 0 ? `${name} has no ${field}` : v === "" ? `${name}.${field} is empty` : `${name}.${field} is ${jsonKind(v)}, not a string`;
    const fix = idAsStringFix(v) ?? (field === "account" ? `write the id of the account it belongs to as a string, or "" when it belongs to no account the target lists; ${PULL}` : `write its ${field} as a string (${SHAPE}); ${PULL}`);
    bad(what, v === void 0 ? at : [...at, field], fix);
  }
  for (const field of OPTIONAL_STRINGS) {
    const v = x[field];
    if (v !== void 0 && typeof v !== "string") bad(`${name}.${field} is ${jsonKind(v)}, not a string`, [...at, field], idAsStringFix(v) ?? `write ${field} as a string, or remove it; ${PULL}`);
  }
  if (x.recordsUse !== void 0 && typeof x.recordsUse !== "boolean") bad(`${name}.recordsUse is ${jsonKind(x.recordsUse)}, not true or false`, [...at, "recordsUse"], `write recordsUse as true or false without quotes, or remove it; ${PULL}`);
  if (x.status !== void 0 && !(typeof x.status === "string" && STATUSES.includes(x.status))) {
    const lower = typeof x.status === "string" && STATUSES.includes(x.status.toLowerCase()) ? x.status.toLowerCase() : void 0;
    bad(`${name}.status is ${jsonKind(x.status)}, expected "active" or "inactive"`, [...at, "status"], lower ? `write "${lower}" (lower case)` : `write "active" or "inactive", or remove it (absent: active); ${PULL}`);
  }
  if (x.withHolderOnly !== void 0 && x.withHolderOnly !== true) bad(`${name}.withHolderOnly is ${jsonKind(x.withHolderOnly)}; it is true or absent`, [...at, "withHolderOnly"], `write withHolderOnly: true, or remove it; ${PULL}`);
  for (const field of DATES) {
    const v = x[field];
    if (v !== void 0 && v !== null) checkDate(v, `${name} ${field}`, [...at, field], `write ${field} as an RFC 3339 date-time with a zone such as 2026-10-31T20:00:00Z, ${PULL}`);
  }
}

// src/config/utf8.ts
import { isUtf8 } from "node:buffer";
function firstInvalidByte(bytes) {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const len = b < 128 ? 1 : b >= 194 && b <= 223 ? 2 : b >= 224 && b <= 239 ? 3 : b >= 240 && b <= 244 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i;
    for (let k = 1; k < len; k++) if ((bytes[i + k] & 192) !== 128) return i;
    const b1 = bytes[i + 1] ?? 0;
    if (b === 224 && b1 < 160 || b === 237 && b1 > 159 || b === 240 && b1 < 144 || b === 244 && b1 > 143) return i;
    i += len;
  }
  return bytes.length;
}
function bytePosition(bytes, offset) {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) if (bytes[i] === 10) {
    line++;
    lineStart = i + 1;
  }
  const prefix = new TextDecoder("utf-8").decode(bytes.subarray(lineStart, offset));
  return { line, col: [...prefix].length + 1 };
}
function invalidUtf8(bytes) {
  if (isUtf8(bytes)) return void 0;
  const offset = firstInvalidByte(bytes);
  return { offset, ...bytePosition(bytes, offset), byte: bytes[offset] ?? 0 };
}

// src/targets/state-text.ts
function checkStateUtf8(bytes, path, target) {
  const bad = invalidUtf8(bytes);
  if (!bad) return;
  throw new ScopesyncError(
    `target "${target}": ${path}:${bad.line}:${bad.col}: invalid UTF-8 byte 0x${bad.byte.toString(16).padStart(2, "0")} (byte ${bad.offset}); a state file is UTF-8 JSON`,
    `convert it to UTF-8 (saved as Windows-1252 or Latin-1: iconv -f WINDOWS-1252 -t UTF-8 ${path} > ${path}.utf8, then move that over it), or restore it from git or from a backup`
  );
}

// src/targets/text-reader.ts
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
var TextReader = class {
  buffer;
  /** The file's bytes: a view of the shared buffer, good until the next read; throws the file system's error (ENOENT, EISDIR...) as readFileSync does. */
  readBytes(path) {
    const fd = openSync(path, "r");
    try {
      let buffer = this.sized(fstatSync(fd).size + 1);
      let length = 0;
      for (; ; ) {
        const got = readSync(fd, buffer, length, buffer.length - length, null);
        if (got === 0) break;
        length += got;
        if (length === buffer.length) buffer = this.sized(buffer.length * 2, length);
      }
      return buffer.subarray(0, length);
    } finally {
      closeSync(fd);
    }
  }
  /** The buffer, at least `size` bytes, its first `keep` bytes kept when it has to grow. */
  sized(size, keep = 0) {
    if (this.buffer && this.buffer.length >= size) return this.buffer;
    const grown2 = Buffer.allocUnsafeSlow(size);
    if (this.buffer && keep > 0) this.buffer.copy(grown2, 0, 0, keep);
    this.buffer = grown2;
    return grown2;
  }
};

// src/targets/state-file.ts
function parseStateText(text, path, target) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ScopesyncError(`target "${target}": ${path} is ${jsonSyntaxProblem(text, e)}`, "restore the file from git or from a backup");
  }
  try {
    return checkState(data, path, target);
  } catch (e) {
    throw e instanceof StateShapeError ? e.locatedIn(text) : e;
  }
}
var OPTIONAL_FIELDS = /* @__PURE__ */ new Set(["externalId", "disabledAt"]);
function isTargetAccount(x) {
  let next = 0;
  for (const key in x) {
    while (next < ACCOUNT_FIELDS.length && ACCOUNT_FIELDS[next] !== key && OPTIONAL_FIELDS.has(ACCOUNT_FIELDS[next])) next++;
    if (ACCOUNT_FIELDS[next] !== key) return false;
    next++;
  }
  return (x.externalId === void 0 || typeof x.externalId === "string") && (x.disabledAt === void 0 || typeof x.disabledAt === "string") && x.attributes != null && Array.isArray(x.entitlements);
}
function attributeInterner() {
  const MAX_DISTINCT = 1e3;
  const tables = /* @__PURE__ */ new Map();
  return (attributes) => {
    for (const key in attributes) {
      const value = attributes[key];
      if (typeof value !== "string") continue;
      let table = tables.get(key);
      if (table === null) continue;
      if (table === void 0) tables.set(key, table = /* @__PURE__ */ new Map());
      const had = table.get(value);
      if (had !== void 0) attributes[key] = had;
      else if (table.size < MAX_DISTINCT) table.set(value, value);
      else tables.set(key, null);
    }
  };
}
var DISABLED_AT_FIX = "write disabledAt as an RFC 3339 date-time with a zone such as 2026-10-31T20:00:00Z (without one it names a different instant in each time zone), or remove it: the account is then not deleted, and the plan says so (delete-grace-unknown)";
function dateChecker(bad) {
  return (value, what, at, fix) => {
    if (typeof value === "string" && isValidDate(value)) return;
    const leap = typeof value === "string" ? leapSecond(value) : void 0;
    bad(`${what} ${JSON.stringify(value)} is not a date${leap ? `: ${leap.problem}` : " (expected an RFC 3339 date-time with a zone, or YYYY-MM-DD)"}`, at, leap ? leap.fix : fix);
  };
}
function accountChecker(path, target) {
  const entitlements = listInterner();
  const attribute = attributeInterner();
  const bad = shapeProblem(path, target);
  const checkDate = dateChecker(bad);
  return (a, i) => {
    const x = a;
    if (!x || typeof x !== "object" || typeof x.id !== "string" || typeof x.login !== "string" || typeof x.active !== "boolean") {
      const wrong = x && typeof x === "object" ? ["id", "login", "active"].find((k) => x[k] !== void 0 && typeof x[k] !== (k === "active" ? "boolean" : "string")) : void 0;
      bad(`accounts[${i}] needs id (string), login (string) and active (boolean)`, wrong ? ["accounts", i, wrong] : ["accounts", i], wrong && idAsStringFix(x[wrong]) || void 0);
    }
    if (x.entitlements !== void 0 && !Array.isArray(x.entitlements)) bad(`accounts[${i}].entitlements must be a list`, ["accounts", i, "entitlements"]);
    if (x.disabledAt !== void 0 && x.disabledAt !== null) checkDate(x.disabledAt, `accounts[${i}] (${x.login}) disabledAt`, ["accounts", i, "disabledAt"], DISABLED_AT_FIX);
    if (isTargetAccount(x)) {
      x.entitlements = entitlements(x.entitlements);
      attribute(x.attributes);
      return x;
    }
    if (x.attributes && typeof x.attributes === "object") attribute(x.attributes);
    return {
      id: x.id,
      login: x.login,
      ...typeof x.externalId === "string" ? { externalId: x.externalId } : {},
      active: x.active,
      attributes: x.attributes ?? {},
      entitlements: entitlements(x.entitlements ?? []),
      ...typeof x.disabledAt === "string" ? { disabledAt: x.disabledAt } : {}
    };
  };
}
function checkState(data, path, target) {
  const bad = shapeProblem(path, target);
  if (!data || typeof data !== "object" || Array.isArray(data)) bad(`expected a JSON object, not ${Array.isArray(data) ? "a list" : data === null ? "null" : `a ${typeof data}`}`, []);
  const d = data;
  if (d.formatVersion !== 1) bad(d.formatVersion === void 0 ? "formatVersion is missing, expected 1" : `formatVersion is ${JSON.stringify(d.formatVersion)}, expected 1`, ["formatVersion"]);
  if (!Array.isArray(d.accounts)) bad("accounts must be a list", ["accounts"]);
  const accounts = d.accounts.map(accountChecker(path, target));
  const ids = /* @__PURE__ */ new Set();
  accounts.forEach((a, i) => {
    if (ids.has(a.id)) bad(`account id "${a.id}" appears twice`, ["accounts", i, "id"]);
    ids.add(a.id);
  });
  const credentials = checkCredentials(d.credentials, bad, dateChecker(bad));
  let groups;
  if (d.groups !== void 0) {
    if (!Array.isArray(d.groups)) bad("groups must be a list", ["groups"]);
    groups = d.groups.map((g, i) => {
      const x = g;
      if (!x || typeof x.entitlement !== "string" || !Array.isArray(x.holds)) bad(`groups[${i}] needs entitlement (string) and holds (list)`, ["groups", i]);
      if (x.parent !== void 0 && typeof x.parent !== "string") bad(`groups[${i}].parent must be the parent group's entitlement (a string such as "team:platform")`, ["groups", i, "parent"]);
      if (x.roles !== void 0 && (!Array.isArray(x.roles) || !x.roles.every((r) => typeof r === "string"))) bad(`groups[${i}].roles must be a list of entitlements (such as "org-role:security_manager")`, ["groups", i, "roles"]);
      return { entitlement: x.entitlement, holds: x.holds.map(String), ...typeof x.parent === "string" ? { parent: x.parent } : {}, ...Array.isArray(x.roles) ? { roles: x.roles } : {} };
    });
  }
  let groupIds;
  if (d.groupIds !== void 0) {
    if (!Array.isArray(d.groupIds)) bad(`groupIds must be a list of { "entitlement": "group:<name>", "id": the group's id in the target }`, ["groupIds"]);
    groupIds = d.groupIds.map((g, i) => {
      const x = g;
      if (!x || typeof x.entitlement !== "string" || typeof x.id !== "string" || x.renamedTo !== void 0 && typeof x.renamedTo !== "string") bad(`groupIds[${i}] needs entitlement and id (strings), and renamedTo only as a string; pull the state again (scopesync state pull)`, ["groupIds", i], idAsStringFix(x?.id));
      return { entitlement: x.entitlement, id: x.id, ...typeof x.renamedTo === "string" ? { renamedTo: x.renamedTo } : {} };
    });
  }
  if (d.readAt !== void 0 && d.readAt !== "" && !(typeof d.readAt === "string" && isValidDate(d.readAt))) {
    const leap = typeof d.readAt === "string" ? leapSecond(d.readAt) : void 0;
    bad(`readAt ${JSON.stringify(d.readAt)} is not a date${leap ? `: ${leap.problem}` : ""}`, ["readAt"], leap ? leap.fix : "write readAt as an RFC 3339 date-time such as 2026-11-26T06:00:00Z, or pull the state again (scopesync state pull)");
  }
  if (d.privileged !== void 0 && (!Array.isArray(d.privileged) || !d.privileged.every((e) => typeof e === "string"))) bad('privileged must be a list of entitlements (such as "org-role:release-admins")', ["privileged"]);
  const privileged = Array.isArray(d.privileged) ? { privileged: d.privileged } : {};
  const caseExact = caseExactOf(d, bad);
  const tenant = tenantOf(d, target, bad);
  return { formatVersion: 1, target, readAt: typeof d.readAt === "string" ? d.readAt : "", accounts, credentials, ...groups ? { groups } : {}, ...groupIds ? { groupIds } : {}, ...privileged, ...caseExact, ...tenant ? { tenant } : {} };
}
function caseExactOf(d, bad) {
  const v = d.attributeCaseExact;
  if (v === void 0) return {};
  if (v === null || typeof v !== "object" || Array.isArray(v)) bad('attributeCaseExact must be an object of attribute names and true or false (such as { "title": true })', ["attributeCaseExact"]);
  for (const [name, exact] of Object.entries(v)) {
    if (typeof exact !== "boolean") bad(`attributeCaseExact.${name} must be true or false`, ["attributeCaseExact", name], "pull the state again (scopesync state pull), which writes what the app's /Schemas declares");
  }
  return { attributeCaseExact: v };
}
function tenantOf(d, target, bad) {
  for (const key of ["endpoint", "tenantId", "target"]) {
    if (d[key] !== void 0 && (typeof d[key] !== "string" || d[key] === "")) bad(`${key} must be a non-empty string`, [key], `pull the state again (scopesync state pull --target ${target}), which writes it`);
  }
  const tenant = {
    ...typeof d.endpoint === "string" ? { endpoint: d.endpoint } : {},
    ...typeof d.tenantId === "string" ? { id: d.tenantId } : {},
    ...typeof d.target === "string" && d.target !== target ? { pulledFor: d.target } : {}
  };
  return Object.keys(tenant).length > 0 ? tenant : void 0;
}

// src/model/json-spans.ts
var SPACE = 32;
var TAB = 9;
var LF = 10;
var CR = 13;
var QUOTE = 34;
var BACKSLASH = 92;
var COMMA = 44;
var COLON = 58;
var OPEN_BRACE = 123;
var CLOSE_BRACE = 125;
var OPEN_BRACKET = 91;
var CLOSE_BRACKET = 93;
function objectMembers(bytes, start = 0, end = bytes.length) {
  let p = space2(bytes, start);
  if (bytes[p] !== OPEN_BRACE) return void 0;
  p = space2(bytes, p + 1);
  const members = [];
  if (bytes[p] !== CLOSE_BRACE) {
    for (; ; ) {
      if (bytes[p] !== QUOTE) return void 0;
      const keyEnd = stringEnd(bytes, p);
      if (keyEnd < 0) return void 0;
      let key;
      try {
        key = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + p, keyEnd - p).toString("utf8"));
      } catch {
        return void 0;
      }
      p = space2(bytes, keyEnd);
      if (bytes[p] !== COLON) return void 0;
      p = space2(bytes, p + 1);
      const valueAt = valueEnd(bytes, p);
      if (valueAt <= p || valueAt > end) return void 0;
      members.push({ key, start: p, end: valueAt });
      p = space2(bytes, valueAt);
      if (bytes[p] === CLOSE_BRACE) break;
      if (bytes[p] !== COMMA) return void 0;
      p = space2(bytes, p + 1);
    }
  }
  return (end === bytes.length ? space2(bytes, p + 1) : p + 1) === end ? members : void 0;
}
function listElements(bytes, start, end) {
  if (bytes[start] !== OPEN_BRACKET) return void 0;
  const spans = [];
  let p = space2(bytes, start + 1);
  if (bytes[p] !== CLOSE_BRACKET) {
    for (; ; ) {
      const e = valueEnd(bytes, p);
      if (e <= p || e > end) return void 0;
      spans.push(p, e);
      p = space2(bytes, e);
      if (bytes[p] === CLOSE_BRACKET) break;
      if (bytes[p] !== COMMA) return void 0;
      p = space2(bytes, p + 1);
    }
  }
  return p + 1 === end ? spans : void 0;
}
function space2(bytes, p) {
  for (; ; ) {
    const c = bytes[p];
    if (c !== SPACE && c !== LF && c !== CR && c !== TAB) return p;
    p++;
  }
}
function stringEnd(bytes, p) {
  let q = p + 1;
  for (; ; ) {
    const close = bytes.indexOf(QUOTE, q);
    if (close < 0) return -1;
    let backslashes = 0;
    while (bytes[close - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return close + 1;
    q = close + 1;
  }
}
function valueEnd(bytes, p) {
  const first = bytes[p];
  if (first === QUOTE) return stringEnd(bytes, p);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    let q = p;
    for (; ; ) {
      const c = bytes[q];
      if (c === void 0 || c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || c === SPACE || c === LF || c === CR || c === TAB) return q;
      q++;
    }
  }
  let depth = 0;
  for (let q = p; q < bytes.length; q++) {
    const c = bytes[q];
    if (c === QUOTE) {
      q = stringEnd(bytes, q) - 1;
      if (q < 0) return -1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) return q + 1;
  }
  return -1;
}

// src/targets/state-stream.ts
function readStateColumns(bytes, path, target) {
  checkStateUtf8(bytes, path, target);
  const split = bytes.length <= constants.MAX_STRING_LENGTH ? splitAccounts(bytes) : void 0;
  if (split) {
    try {
      return streamed(bytes, split, path, target);
    } catch {
    }
  }
  return columnsOf(parseStateText(bytes.toString("utf8"), path, target));
}
function streamed(bytes, split, path, target) {
  const rest = checkState(JSON.parse(split.rest), path, target);
  const check = accountChecker(path, target);
  const builder = new ColumnsBuilder();
  const ids = /* @__PURE__ */ new Set();
  for (let i = 0; i < split.spans.length; i += 2) {
    const account = check(JSON.parse(bytes.toString("utf8", split.spans[i], split.spans[i + 1])), i / 2);
    if (ids.has(account.id)) throw new Error("an account id appears twice");
    ids.add(account.id);
    builder.add(account);
  }
  return builder.finish(rest);
}
function splitAccounts(bytes) {
  const members = objectMembers(bytes);
  const lists = members?.filter((m) => m.key === "accounts");
  if (!lists || lists.length !== 1) return void 0;
  const { start, end } = lists[0];
  const spans = listElements(bytes, start, end);
  if (!spans) return void 0;
  return { rest: `${bytes.toString("utf8", 0, start)}[]${bytes.toString("utf8", end)}`, spans };
}

// src/targets/state-worker.ts
var reader = new TextReader();
parentPort.on("message", (request) => {
  for (const file of request.files) {
    let bytes;
    try {
      bytes = reader.readBytes(resolve(request.repoDir, file.path));
    } catch (e) {
      post({ name: file.name, failure: { kind: "read", code: e.code, message: e.message } });
      continue;
    }
    try {
      const columns = readStateColumns(bytes, file.path, file.name);
      post({ name: file.name, columns }, [columns.text, columns.starts.buffer, columns.fields.buffer]);
    } catch (e) {
      post({ name: file.name, failure: e instanceof ScopesyncError ? { kind: "state", message: e.message, ...e.hint !== void 0 ? { hint: e.hint } : {} } : { kind: "unexpected", message: e.message } });
    }
  }
  if (request.last) process.exit(0);
});
function post(result, transfer = []) {
  parentPort.postMessage(result, transfer);
}
