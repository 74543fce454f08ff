/* The Chinese edition's search query splitter (docs/build.py adds it to the zh pages).

   Sphinx looks a query up word by word, and the index holds the words jieba cut the
   pages into: 二阶 and 导数, not 二阶导数, which a reader types as one (and the index
   keeps no one-character word). So each Chinese run of the query is cut into the longest
   words the index knows, left to right, leaving out single characters it does not know;
   Latin and Chinese are taken apart ("BP算法" is "BP" and "算法"). searchtools.js
   keeps a splitQuery defined before it and calls it when the index has loaded. */
"use strict";
var splitQuery = (query) => {
  const terms = typeof Search !== "undefined" && Search._index ? Search._index.terms : null;
  const known = (word) => terms !== null && Object.prototype.hasOwnProperty.call(terms, word);
  const out = [];
  for (const part of query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)) {
    for (const piece of part.match(/\p{Script=Han}+|[^\p{Script=Han}]+/gu) || []) {
      if (terms === null || !/\p{Script=Han}/u.test(piece) || known(piece)) {
        out.push(piece);
        continue;
      }
      for (let i = 0; i < piece.length; ) {
        let j = piece.length;
        while (j > i + 1 && !known(piece.slice(i, j))) j--;
        if (j > i + 1 || known(piece.slice(i, j))) out.push(piece.slice(i, j));
        i = j;
      }
    }
  }
  return out;
};
