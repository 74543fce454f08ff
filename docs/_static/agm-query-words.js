/* The words of a search query (both editions).

   Sphinx looks a query up word by word, a word being a run of letters, digits and _: ∂
   and ∇ were in no word, and a search for ∂ or ∇ found nothing, one for ∂C/∂w the pages
   with a C and a w. The index holds each mathematical sign (∂, ∇, √, ≈) as a word of its
   own (docs/search_index.py says which characters are signs): so does a query, each
   character the index holds as a word being one. Any other character but a letter, a
   digit or _ parts words, as in Sphinx. searchtools.js keeps a splitQuery defined before
   it and calls it when the index has loaded; the Chinese edition's agm-zh-search.js,
   loaded after this one, replaces it with one that also cuts Chinese into words, the
   query's words first taken apart here.

   ∑ and ∏, which an input method gives for 求和 and 求积, are the formulas' \sum and
   \prod, which the index holds as the Greek letters Σ and Π (docs/search_index.py's
   plain_tex): a search for ∑ found nothing. A query reads them as those letters.

   A query's signs come after its words: the text a result quotes starts near the place
   of the last of the query's words the page has, and for ∂C/∂w that was the first w of
   the page, in any word ("we", "weight"), not the derivative. */
"use strict";
// the n-ary signs a query may hold and the letter the index holds for each
var agmNaryAsLetter = { "∑": "Σ", "∏": "Π" };
var agmQueryWords = (query) => {
  const index = typeof Search !== "undefined" && Search._index ? Search._index : null;
  const has = (table, word) => !!table && Object.prototype.hasOwnProperty.call(table, word);
  const known = (c) => index !== null && (has(index.terms, c) || has(index.titleterms, c));
  const words = [];
  const signs = [];
  const pieces = /([\p{Letter}\p{Number}_\p{Emoji_Presentation}]+)|(\S)/gu;
  const read = query.replace(/[∑∏]/gu, (c) => agmNaryAsLetter[c]);
  for (const [, word, character] of read.matchAll(pieces)) {
    if (word !== undefined) words.push(word);
    else if (known(character.toLowerCase())) signs.push(character);
  }
  return [...words, ...signs];
};
var splitQuery = agmQueryWords;

/* Every word of a query is on each page the search lists. Sphinx lists a page that has
   the query's words of three characters or more but none of its shorter ones, taking a
   short word for one its index does not hold; the index holds x, w, η, σ and ∂
   (docs/search_index.py), and 学习率 x listed the pages with an x and no 学习率. A page is
   listed when it has each word of the query the index holds (in its text or a title,
   or, for a word of three characters or more, inside a word, as Sphinx matches it); a
   short word the index holds nowhere is still one no page needs. searchtools.js, loaded
   after this script, runs the query of the page's address when the document has loaded
   (its listener is added after this one). */
var agmEveryWordFound = (performTermsSearch) => (searchTerms, excludedTerms) => {
  const results = performTermsSearch(searchTerms, excludedTerms);
  const index = Search._index;
  const pagesWith = (word) => {
    const pages = new Set();
    const add = (files) => [].concat(files).forEach((file) => pages.add(file));
    for (const table of [index.terms, index.titleterms]) {
      if (Object.prototype.hasOwnProperty.call(table, word)) add(table[word]);
      else if (word.length > 2) {
        for (const term of Object.keys(table)) if (term.includes(word)) add(table[term]);
      }
    }
    return pages;
  };
  const needed = [...searchTerms].map(pagesWith).filter((pages, i) => {
    return pages.size > 0 || [...searchTerms][i].length > 2;
  });
  return results.filter((result) => {
    const file = index.docnames.indexOf(result[0]);
    return needed.every((pages) => pages.has(file));
  });
};
document.addEventListener("DOMContentLoaded", () => {
  if (typeof Search === "undefined" || !Search.performTermsSearch) return;
  Search.performTermsSearch = agmEveryWordFound(Search.performTermsSearch);
});

/* A result marks the query's words wherever its title and quote have them, inside a word
   too: a query's Latin letter (the C and w of ∂C/∂w, an x) was marked in every word that
   has it ("Ben[c]hmarks", "mi[c]rograd", "[w]raps"). No Latin letter of one character
   is marked; a sign, a longer word and a Greek letter still are. The page a result
   opens marks the same words (Sphinx keeps them in localStorage). */
var agmMarkedWords = (parseQuery) => (query) => {
  const parsed = parseQuery(query);
  const marked = parsed[3];
  for (const term of [...marked]) if (/^[a-z]$/.test(term)) marked.delete(term);
  if (typeof SPHINX_HIGHLIGHT_ENABLED !== "undefined" && SPHINX_HIGHLIGHT_ENABLED) {
    localStorage.setItem("sphinx_highlight_terms", [...marked].join(" "));
  }
  return parsed;
};
document.addEventListener("DOMContentLoaded", () => {
  if (typeof Search === "undefined" || !Search._parseQuery) return;
  Search._parseQuery = agmMarkedWords(Search._parseQuery);
});
