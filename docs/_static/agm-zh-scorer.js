/* The Chinese edition's search scores: Sphinx's own, and the 术语表 first among the pages
   a query matches equally (docs/build.py gives this file as Sphinx's html_search_scorer).

   Sphinx lists pages of equal score by their titles, and a Chinese title sorts after
   every one that starts with a digit or a Latin letter: 误差逆传播 listed notebook 3 and
   the home page before the 术语表 that says what it is. A page with the query in its
   title still comes first (15 against 5). */
var Scorer = {
  score: (result) => {
    const [docname, , , , score] = result;
    return docname === "glossary" ? score + 1 : score;
  },
  // Sphinx's own values (searchtools.js uses them only when no Scorer is given)
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
};
