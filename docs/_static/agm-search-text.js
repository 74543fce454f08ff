/* The text a search result quotes from a page (both editions).

   Sphinx's search quotes the text of the page's [role="main"]: in this theme the buttons
   above the article too ("跟随系统 亮色 暗色", "System Light Dark") and every formula as
   the TeX MathJax reads ("\(\sigma'(z) …\)"). The quoted text leaves the buttons out and
   gives a formula as it reads: Greek letters and operators as their characters, a
   fraction as a/b, no backslash, brace or delimiter. Sphinx's own htmlToText does the
   rest (anchors, scripts, the main block). */
"use strict";
var agmPlainTeX = (tex) => {
  const symbols = {
    alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ε", varepsilon: "ε",
    zeta: "ζ", eta: "η", theta: "θ", lambda: "λ", mu: "μ", nu: "ν", xi: "ξ", pi: "π",
    rho: "ρ", sigma: "σ", tau: "τ", phi: "φ", varphi: "φ", chi: "χ", psi: "ψ",
    omega: "ω", Gamma: "Γ", Delta: "Δ", Theta: "Θ", Lambda: "Λ", Sigma: "Σ", Phi: "Φ",
    Omega: "Ω", partial: "∂", nabla: "∇", sum: "Σ", prod: "Π", int: "∫", infty: "∞",
    cdot: " · ", times: " × ", odot: " ⊙ ", pm: " ± ", approx: " ≈ ", le: " ≤ ",
    leq: " ≤ ", ge: " ≥ ", geq: " ≥ ", ne: " ≠ ", neq: " ≠ ", equiv: " ≡ ", in: " ∈ ",
    to: " → ", rightarrow: " → ", leftarrow: " ← ", top: "⊤", dots: "…", ldots: "…",
    cdots: "⋯", lVert: "‖", rVert: "‖", Vert: "‖", lvert: "|", rvert: "|", sqrt: "√",
  };
  let text = tex.trim().replace(/^(\\\(|\\\[|\$\$?)|(\\\)|\\\]|\$\$?)$/g, "");
  for (let i = 0; i < 3; i++) {  // a fraction in a fraction: from the inside out
    text = text.replace(
      /\\[dt]?frac\s*(?:\{([^{}]*)\}|(\w))\s*(?:\{([^{}]*)\}|(\w))/g,
      (m, top, topChar, bottom, bottomChar) => `(${top ?? topChar})/(${bottom ?? bottomChar})`,
    );
  }
  // a command's name as its character; the spaces after it are not the formula's (TeX)
  text = text.replace(/\\([A-Za-z]+)\s*/g, (m, name) => symbols[name] || "");
  // (∂C)/(∂w) is ∂C/∂w: no brackets around a fraction's part of one word
  const word = "([\\p{L}\\p{N}'′∂^_{}]+)";
  text = text.replace(new RegExp(`\\(${word}\\)/`, "gu"), "$1/");
  text = text.replace(new RegExp(`/\\(${word}\\)`, "gu"), "/$1");
  text = text.replace(/\\[,;:! ]/g, " ").replace(/\\([{}|])/g, "$1").replace(/[{}]/g, "");
  return text.replace(/\s+/g, " ").trim();
};
window.addEventListener("DOMContentLoaded", () => {
  if (typeof Search === "undefined" || !Search.htmlToText) return;
  const quoted = Search.htmlToText;
  Search.htmlToText = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    page.querySelectorAll(".bd-header-article").forEach((e) => e.remove());
    for (const math of page.querySelectorAll(".math")) {
      math.replaceWith(page.createTextNode(agmPlainTeX(math.textContent)));
    }
    return quoted(page.documentElement.outerHTML, anchor);
  };
});
