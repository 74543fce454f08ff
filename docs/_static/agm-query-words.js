/* The words of a search query (both editions).

   Sphinx looks a query up word by word, a word being a run of letters, digits and _: ∂
   and ∇ were in no word, and a search for ∂ or ∇ found nothing, one for ∂C/∂w the pages
   with a C and a w. The index holds each mathematical sign (∂, ∇, √, ≈) as a word of its
   own (docs/search_index.py says which characters are signs): so does a query, each
   character the index holds as a word being one. Any other character but a letter, a
   digit or _ parts words, as in Sphinx. searchtools.js keeps a splitQuery defined before
   it and calls it when the index has loaded; the Chinese edition's agm-zh-search.js,
   loaded after this one, replaces it with one that also cuts Chinese into words, the
   query's words first taken apart here. */
"use strict";
var agmQueryWords = (query) => {
  const index = typeof Search !== "undefined" && Search._index ? Search._index : null;
  const has = (table, word) => !!table && Object.prototype.hasOwnProperty.call(table, word);
  const known = (c) => index !== null && (has(index.terms, c) || has(index.titleterms, c));
  const out = [];
  const pieces = /([\p{Letter}\p{Number}_\p{Emoji_Presentation}]+)|(\S)/gu;
  for (const [, word, character] of query.matchAll(pieces)) {
    if (word !== undefined) out.push(word);
    else if (known(character.toLowerCase())) out.push(character);
  }
  return out;
};
var splitQuery = agmQueryWords;
