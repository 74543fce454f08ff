/* The text a search result quotes from a page (both editions).

   Sphinx's search quotes the text of the page's [role="main"]: in this theme the buttons
   above the article too ("跟随系统 亮色 暗色", "System Light Dark") and every formula as
   the TeX MathJax reads ("\(\sigma'(z) …\)"). The quoted text leaves the buttons out and
   gives a formula as it reads: Greek letters and operators as their characters, a
   function as its name (\tanh x is "tanh x"), a fraction as a/b and a sub- or superscript
   of several tokens in brackets (x_(k+1)), no backslash, brace or delimiter. A piece of a
   formula docs/typeset.py's break_math cut keeps the spaces around it, so that the pieces
   read as the formula did ("f(x) = g(x)", not "f(x) =g(x)"). Sphinx's own htmlToText does the
   rest (anchors, scripts, the main block). */
"use strict";
var agmPlainTeX = (tex) => {
  const symbols = {
    alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ε", varepsilon: "ε",
    zeta: "ζ", eta: "η", theta: "θ", lambda: "λ", mu: "μ", nu: "ν", xi: "ξ", pi: "π",
    rho: "ρ", sigma: "σ", tau: "τ", phi: "φ", varphi: "φ", chi: "χ", psi: "ψ",
    omega: "ω", Gamma: "Γ", Delta: "Δ", Theta: "Θ", Lambda: "Λ", Sigma: "Σ", Phi: "Φ",
    Omega: "Ω", partial: "∂", nabla: "∇", sum: "Σ", prod: "Π", int: "∫", infty: "∞",
    ell: "ℓ", prime: "′", top: "⊤", dots: "…", ldots: "…", cdots: "⋯",
    lVert: "‖", rVert: "‖", Vert: "‖", lvert: "|", rvert: "|", vert: "|", mid: " | ",
    lbrace: "{", rbrace: "}", langle: "⟨", rangle: "⟩", lceil: "⌈", rceil: "⌉",
    lfloor: "⌊", rfloor: "⌋", star: "⋆", ast: "∗",
    cdot: " · ", times: " × ", odot: " ⊙ ", circ: " ∘ ", pm: " ± ", mp: " ∓ ",
    approx: " ≈ ", le: " ≤ ", leq: " ≤ ", ge: " ≥ ", geq: " ≥ ", ne: " ≠ ", neq: " ≠ ",
    ll: " ≪ ", gg: " ≫ ", equiv: " ≡ ", sim: " ∼ ", propto: " ∝ ", in: " ∈ ",
    to: " → ", rightarrow: " → ", leftarrow: " ← ", gets: " ← ", mapsto: " ↦ ",
    Rightarrow: " ⇒ ", implies: " ⇒ ", Leftrightarrow: " ⇔ ", iff: " ⇔ ",
    quad: " ", qquad: " ", "\\": " ", ",": " ", ";": " ", ":": " ", ">": " ", " ": " ",
    "!": "", "|": "‖",
  };
  // commands whose argument is the text (a font or an operator's name)
  const asText = new Set([
    "operatorname", "mathrm", "text", "textrm", "textit", "textbf", "mathit", "mathbf",
    "boldsymbol", "bm", "mathcal", "mathbb", "mathsf", "mathtt", "mbox", "emph",
    "mathop", "mathbin", "mathrel", "mathord",
  ]);
  const accents = { hat: "\u0302", bar: "\u0304", tilde: "\u0303", dot: "\u0307", vec: "\u20d7" };
  // commands that are not the formula's text: size and style switches, \left and \right,
  // braces and lines drawn under or over a part (the part is read)
  const silent = new Set([
    "displaystyle", "textstyle", "scriptstyle", "scriptscriptstyle", "left", "right",
    "middle", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl",
    "biggr", "Biggl", "Biggr", "limits", "nolimits", "rm", "bf", "it", "cal",
    "underbrace", "overbrace", "underline", "overline",
  ]);
  const dropArgument = new Set(["color", "label", "begin", "end"]);
  let inner = tex.replace(/^\s*(\\\(|\\\[|\$\$?)/, "").replace(/(\\\)|\\\]|\$\$?)\s*$/, "");
  const lead = /^\s/.test(inner) ? " " : "";  // a piece of a formula cut by break_math
  const trail = /\s$/.test(inner) ? " " : "";
  const tokens = inner.match(/\\[A-Za-z]+|\\[^A-Za-z]|\s+|[\s\S]/gu) || [];
  let at = 0;
  const blank = (t) => t !== undefined && /^\s+$/.test(t);
  const skipBlanks = () => { while (blank(tokens[at])) at++; };
  // one word (x, 12, ∂C, x′) or one bracketed group reads as one term: no brackets added
  const oneTerm = (s) => {
    if (/^[\p{L}\p{N}\p{M}'′∂.…⊤⋆∗]+(?:[_^](?:[\p{L}\p{N}\p{M}'′.⊤⋆∗]+|\([^()]*\)))*$/u.test(s)) {
      return true;  // x, 12, ∂C, x′, ∂x_1, a^(N)
    }
    if (s[0] !== "(" || s[s.length - 1] !== ")") return false;
    let depth = 0;
    for (let i = 0; i < s.length; i++) {
      depth += s[i] === "(" ? 1 : s[i] === ")" ? -1 : 0;
      if (depth === 0 && i < s.length - 1) return false;
    }
    return true;
  };
  const term = (s) => {
    s = s.replace(/[\u0001\u0002]/g, "").replace(/\s+/g, " ").trim();
    return oneTerm(s) ? s : `(${s})`;
  };
  let sequence;
  const one = () => {
    const token = tokens[at++];
    if (token === "{") return sequence();
    if (token === "}") return "";
    if (token === "^" || token === "_") {  // x_i y_j, not x_iy_j
      const script = token + term(argument());
      return script + spaceBeforeWord();
    }
    if (token === "&" || token === "~") return " ";
    if (blank(token)) return " ";
    if (token[0] !== "\\") return token;
    if (!/^\\[A-Za-z]/.test(token)) return symbols[token.slice(1)] ?? token.slice(1);
    const name = token.slice(1);
    // the spaces after a command's name end the name (TeX): not the formula's, but for
    // those before an operator ("\Delta + x" is "Δ + x", as the "+ x" is spaced)
    let after = at;
    while (blank(tokens[after])) after++;
    if (!/^[-+=<>/,;:|*]$/.test(tokens[after] ?? "")) at = after;
    if (/^[dtc]?frac$/.test(name)) {  // set apart from the words either side (marks)
      const top = argument();
      return `\u0001${term(top)}/${term(argument())}\u0002`;
    }
    if (name === "sqrt") {
      if (tokens[at] === "[") {  // \sqrt[n]{x}: the n-th root
        let index = "";
        for (at++; at < tokens.length && tokens[at] !== "]"; ) index += one();
        at++;
        return `${term(index)}√${term(argument())}`;
      }
      return `√${term(argument())}`;
    }
    if (asText.has(name)) return argument() + spaceBeforeWord();
    if (name in accents) {
      const base = argument();
      return [...base].length === 1 ? base + accents[name] : base;
    }
    if (dropArgument.has(name)) { argument(); return ""; }
    if (silent.has(name)) {
      if (/^(left|right|middle)$/.test(name) && tokens[at] === ".") at++;
      return "";
    }
    if (name in symbols) return symbols[name];
    return name + spaceBeforeWord();  // \tanh, \max, \log: the function's name
  };
  // a function's name and a letter after it stay two words: "tanh x", not "tanhx"
  const spaceBeforeWord = () => {
    const next = tokens[at];
    if (next === undefined) return "";
    if (/^[\p{L}\p{N}]/u.test(next)) return " ";
    const name = next.slice(1);
    if (!/^\\[A-Za-z]/.test(next) || silent.has(name)) return "";
    // a command that reads as a letter or a name (\sigma, \tanh, \text{…}), not as a sign
    return !(name in symbols) || /^[\p{L}∂∇]/u.test(symbols[name]) ? " " : "";
  };
  const argument = () => {  // a {group} or one token
    skipBlanks();
    if (at >= tokens.length) return "";
    return one();
  };
  sequence = () => {  // up to the } that closes the group (or the end)
    let out = "";
    while (at < tokens.length && tokens[at] !== "}") out += one();
    at++;
    return out;
  };
  let text = "";
  while (at < tokens.length) text += one();
  // a fraction next to a word or a bracket is a word of its own: "1/2 Σ", "∂E/∂β ∂β/∂b"
  text = text.replace(/(?<=[\p{L}\p{N}\p{M})\]'′])\u0001/gu, " ").replace(/\u0001/g, "");
  text = text.replace(/\u0002(?=[\p{L}\p{N}(∂√Σ∇])/gu, " ").replace(/\u0002/g, "");
  text = text.replace(/\s+/g, " ").trim();
  return text ? lead + text.normalize("NFC") + trail : "";  // ȳ as one character
};
window.addEventListener("DOMContentLoaded", () => {
  if (typeof Search === "undefined" || !Search.htmlToText) return;
  const quoted = Search.htmlToText;
  Search.htmlToText = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    page.querySelectorAll(".bd-header-article").forEach((e) => e.remove());
    // a cut formula's whole TeX for readers without JavaScript (docs/typeset.py): a
    // parsed page has no scripts, so its <noscript> is text, the formula a second time
    page.querySelectorAll("noscript").forEach((e) => e.remove());
    for (const math of page.querySelectorAll(".math")) {
      math.replaceWith(page.createTextNode(agmPlainTeX(math.textContent)));
    }
    return quoted(page.documentElement.outerHTML, anchor);
  };
});
