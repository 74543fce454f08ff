/* The Chinese edition's search query splitter (docs/build.py adds it to the zh pages).

   Sphinx looks a query up word by word, and the index holds the words jieba cut the
   pages into: 二阶 and 导数, not 二阶导数, which a reader types as one (and the index
   keeps no one-character word). So each Chinese run of the query is cut into the longest
   words the index knows (in the text or in a title), left to right. A single character it
   does not know is left out (逆 in 误差逆传播); two or more in a row stay one word, which
   no page has, so a query about something the course never says (梯度爆炸) finds nothing
   rather than the pages of its first half. Latin and Chinese are taken apart ("BP算法" is
   "BP" and "算法"), and full-width letters read as letters (ＢＰ is BP). The query's
   words are first those of agm-query-words.js (a sign such as ∂ or ∇ is a word), which
   is loaded before this script and whose splitQuery this one replaces. searchtools.js
   keeps a splitQuery defined before it and calls it when the index has loaded. */
"use strict";
var splitQuery = (query) => {
  const index = typeof Search !== "undefined" && Search._index ? Search._index : null;
  const has = (table, word) => !!table && Object.prototype.hasOwnProperty.call(table, word);
  const known = (word) => has(index.terms, word) || has(index.titleterms, word);
  const longest = 8; // characters: no index word is longer that a reader would type whole
  const out = [];
  for (const part of agmQueryWords(query.normalize("NFKC"))) {
    for (const piece of part.match(/\p{Script=Han}+|[^\p{Script=Han}]+/gu) || []) {
      if (index === null || !/\p{Script=Han}/u.test(piece) || known(piece)) {
        out.push(piece);
        continue;
      }
      let unknown = "";
      const flush = () => {
        if (unknown.length > 1) out.push(unknown);
        unknown = "";
      };
      for (let i = 0; i < piece.length; ) {
        let j = Math.min(piece.length, i + longest);
        while (j > i + 1 && !known(piece.slice(i, j))) j--;
        if (j > i + 1 || known(piece.slice(i, j))) {
          flush();
          out.push(piece.slice(i, j));
        } else {
          unknown += piece[i];
        }
        i = j;
      }
      flush();
    }
  }
  return out;
};
