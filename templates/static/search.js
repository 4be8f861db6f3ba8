/* Search page: Pagefind's JS API behind a plain form. The query and the chosen filters
 * live in the URL (?q=...&municipality=SLUG), so a search can be shared or bookmarked.
 *
 * The query is normalised as the index was (kennosto/search_forms.py): each word is
 * mapped to its base form with the table in words/ (every form of every base form of
 * the catalogue, a file per first two letters, loaded for the query's words only; a
 * file per first letter for a word the table lacks, for the typo check), a
 * compound not in the catalogue to its parts, and a word the
 * catalogue does not have, of 5 letters or more, to the nearest catalogue word one (5–7
 * letters) or two (8 or more) edits away. A query whose words cannot all match falls
 * back to the pages that match most of them, said as such. */
const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const status = document.getElementById("search-status");
const note = document.getElementById("search-note");
const list = document.getElementById("search-results");
const suggestions = document.getElementById("search-suggestions");
const root = form.dataset.root;
const more = document.getElementById("search-more");
const PAGE = 10; // results loaded at a time: each costs one fragment download
/* Pagefind's ranking, for an index whose words are base forms and compound parts in
 * weighted tiers (kennosto/search_forms.py): a longer word that merely begins with the
 * query word counts little (termSimilarity: the parts are indexed as words of their own);
 * a page's length hardly matters (the tiers say what it is about, not its amount of
 * text); a form without the query's diacritics counts the same (the query is already
 * normalised); the tiers rank, not Pagefind's boost for words of the title and other
 * metadata. */
const RANKING = {
  termSimilarity: 6,
  pageLength: 0.1,
  diacriticSimilarity: 0,
  metaWeights: { title: 0, summary: 0, kind_label: 0, provider: 0, kind: 0 },
};
const STOP = new Set((form.dataset.stop || "").split(" ").filter(Boolean));
const CLITIC = /(kin|kaan|kään|han|hän|pa|pä|ko|kö)$/;
let pagefind = null;
let latest = 0;
let pending = [];

form.hidden = false; // without JavaScript the form stays hidden: the page offers the lists
document.getElementById("search-results-section").hidden = false;

function chosenFilters() {
  const filters = {};
  form.querySelectorAll('input[type="checkbox"]:checked').forEach((box) => {
    (filters[box.name] = filters[box.name] || []).push(box.value);
  });
  return filters;
}

function restore() {
  const query = new URLSearchParams(location.search);
  input.value = query.get("q") || "";
  form.querySelectorAll('input[type="checkbox"]').forEach((box) => {
    box.checked = query.getAll(box.name).includes(box.value);
    if (box.checked) box.closest("details").open = true;
  });
}

function remember() {
  const query = new URLSearchParams();
  if (input.value.trim()) query.set("q", input.value.trim());
  for (const [key, values] of Object.entries(chosenFilters())) {
    values.forEach((value) => query.append(key, value));
  }
  const shared = new URLSearchParams(location.search).get("list"); // static/sheet.js
  if (shared) query.set("list", shared);
  const search = query.toString().replace(/%2C/g, ",");
  history.replaceState(null, "", search ? "?" + search : location.pathname);
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

function item(result) {
  const li = element("li");
  const title = element("h3");
  const link = element("a", null, result.meta.title || result.url);
  link.href = root + result.url.replace(/^\//, "");
  title.appendChild(link);
  li.appendChild(title);
  if (result.meta.summary) li.appendChild(element("p", null, result.meta.summary));
  const source = result.meta.kind === "path"
    ? form.dataset.path
    : [result.meta.kind_label, result.meta.provider].filter(Boolean).join(" · ");
  if (source) li.appendChild(element("p", "meta", source));
  // A service can be added to the shareable list (static/sheet.js), which the links carry.
  const service = result.url.match(/\/services\/([a-z0-9]+(?:-[a-z0-9]+)*)\/$/);
  const shared = window.KennostoList;
  if (service && shared && document.getElementById("list-ui")) {
    if (shared.get().length) link.href = shared.href(link.href);
    li.appendChild(element("p", "list-tools")).appendChild(shared.button(service[1], link.textContent));
  }
  return li;
}

/* ---- Query normalisation -------------------------------------------------------- */

const forms = new Map(); // form -> base form, for the chunks loaded so far
const vocabulary = new Map(); // chunk key -> its forms (the typo check's candidates)
const chunks = new Map(); // chunk key -> Promise of its loading
const failed = new Set(); // chunk keys whose file could not be loaded

/* kennosto/morphology.py chunk_key(): the first letter, as a safe file name. */
function chunkKey(word) {
  const first = word.charAt(0);
  if (!first) return "_";
  return first >= "a" && first <= "z" ? first : "u" + first.codePointAt(0).toString(16).padStart(4, "0");
}

/* kennosto/morphology.py pair_key(): the first two letters, the chunk a query loads. */
function pairKey(word) {
  return word.length > 1 ? chunkKey(word) + chunkKey(word.slice(1)) : chunkKey(word);
}

function loadChunk(key) {
  if (!chunks.has(key)) {
    chunks.set(key, (async () => {
      const own = [];
      try {
        const response = await fetch(new URL("words/" + key + ".json", location.href));
        if (response.ok) {
          const data = await response.json();
          data.lemmas.forEach(([stem, end, paradigm]) => {
            const lemma = stem + end;
            data.paradigms[paradigm].forEach((ending) => {
              const form = stem + ending;
              if (!forms.has(form) || form === lemma) forms.set(form, lemma);
              own.push(form);
            });
          });
          data.words.forEach((word) => {
            if (!forms.has(word)) forms.set(word, word);
            own.push(word);
          });
        }
        else failed.add(key);
      } catch (error) {
        failed.add(key); // no table: Pagefind alone still searches
      }
      vocabulary.set(key, own);
    })());
  }
  return chunks.get(key);
}

function loadChunks(words, key = pairKey) {
  return Promise.all(Array.from(new Set(words.map(key))).map(loadChunk));
}

function words(text) {
  return text.toLowerCase().match(/[\p{L}]+/gu) || [];
}

/* Edit distance (Damerau: a swap of two letters is one edit), stopping above `limit`. */
function distance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = null;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, before[j - 2] + 1);
      }
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = row;
  }
  return previous[b.length];
}

function lookup(word) {
  if (forms.has(word)) return forms.get(word);
  const bare = word.replace(CLITIC, "");
  if (bare !== word && bare.length >= 3 && forms.has(bare)) return forms.get(bare);
  return null;
}

/* The tails a compound may end in: from the 4th letter on, at least 4 letters. */
function tails(word) {
  const out = [];
  for (let i = 3; i <= word.length - 4; i++) out.push(word.slice(i));
  return out;
}

/* A compound the catalogue does not have: its known last part (the longest), and its
 * first part when that is known too ("velkaongelmat" -> velka, ongelma). */
function compound(word) {
  for (let i = 3; i <= word.length - 4; i++) {
    const tail = lookup(word.slice(i));
    if (tail) {
      const headWord = word.slice(0, i);
      const head = lookup(headWord) || (headWord.endsWith("is") && lookup(headWord.slice(0, -2) + "inen"));
      return head ? [head, tail] : [tail];
    }
  }
  return null;
}

/* The nearest catalogue word: typos seldom touch the first letter, so the candidates
 * are the words of the same first letter (its chunk loaded by normalise()). */
function nearest(word, limit) {
  let best = null;
  let bestDistance = limit + 1;
  let bestPrefix = 0;
  for (const candidate of vocabulary.get(chunkKey(word)) || []) {
    if (candidate.length < 4) continue;
    const d = distance(word, candidate, Math.min(limit, bestDistance));
    if (d > limit || d > bestDistance) continue;
    // equally near: the longer common beginning wins (typos come later in a word)
    const prefix = commonPrefix(word, candidate);
    if (d < bestDistance || prefix > bestPrefix) {
      best = candidate;
      bestDistance = d;
      bestPrefix = prefix;
    }
  }
  return bestDistance <= limit ? best : null;
}

function commonPrefix(a, b) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}

/* Whether the index can have the word: the catalogue has it or a longer word beginning
 * with it (a word still being typed). Pagefind itself would match a word it lacks to
 * the longest indexed word the query word begins with ("kelq" -> "k"), and drop a word
 * no page has from a query of several words. */
function indexed(word) {
  const key = chunkKey(word); // loaded by normalise() for a word the table lacks
  if (failed.has(key)) return true;
  return lookup(word) != null || (vocabulary.get(key) || []).some((w) => w.startsWith(word));
}

/* Hyphenated compounds of a query ("TE-toimistoon"), joined as the index joins them
 * (kennosto/search_forms.py _words): "tetoimisto" when the catalogue has it. */
function joinHyphenated(text) {
  return text.replace(/[\p{L}]+(?:-[\p{L}]+)+/gu, (group) => {
    const parts = words(group);
    const last = parts.pop();
    const joined = parts.join("") + (lookup(last) || last);
    return lookup(joined) ? joined : group;
  });
}

/* The query as the index has it: [{word, terms, corrected}] for its content words. */
async function normalise(text) {
  await loadChunks(words(text));
  let all = words(joinHyphenated(text));
  const content = all.filter((w) => !STOP.has(w));
  if (content.length) all = content;
  await loadChunks(all);
  const unknown = all.filter((w) => !lookup(w) && w.length >= 7);
  await loadChunks(unknown.flatMap(tails).concat(unknown.flatMap((w) => tails(w).length ? [w.slice(0, 3)] : [])));
  // a word neither known nor a known compound: its letter's words, for the typo check
  await loadChunks(all.filter((w) => !lookup(w) && !(w.length >= 7 && compound(w))), chunkKey);
  return all.map((word) => {
    const found = lookup(word);
    if (found) return { word, terms: [found] };
    const parts = word.length >= 7 ? compound(word) : null;
    if (parts) return { word, terms: parts };
    if (word.length >= 5) {
      const fix = nearest(word, word.length >= 8 ? 2 : 1);
      if (fix) return { word, terms: [forms.get(fix)], corrected: fix };
    }
    return { word, terms: [word], missing: !indexed(word) };
  });
}

/* ---- Searching ------------------------------------------------------------------ */

async function searchTerms(terms, filters) {
  const search = await pagefind.search(terms.join(" ") || null, { filters });
  return search.results;
}

/* Pages matching most of the words, best first: [result, words matched]. */
async function partial(words, filters) {
  const found = new Map();
  for (const w of words) {
    for (const result of await searchTerms(w.terms, filters)) {
      const seen = found.get(result.id) || { result, matched: 0, score: 0 };
      seen.matched += 1;
      seen.score += result.score;
      found.set(result.id, seen);
    }
  }
  return Array.from(found.values())
    .filter((r) => r.matched > 0)
    .sort((a, b) => b.matched - a.matched || b.score - a.score)
    .map((r) => r.result);
}

function showNote(text, query) {
  note.textContent = "";
  if (!text) {
    note.hidden = true;
    return;
  }
  note.appendChild(document.createTextNode(text + " "));
  if (query) note.appendChild(element("strong", null, query));
  note.hidden = false;
}

function showSuggestions(words) {
  const spelling = document.getElementById("search-spelling");
  spelling.textContent = "";
  const better = [];
  words.forEach((w) => {
    const fix = w.corrected || (w.word.length >= 4 ? nearest(w.word, 2) : null);
    better.push(fix && fix !== w.word ? fix : w.word);
  });
  const suggestion = better.join(" ");
  if (words.length && suggestion !== words.map((w) => w.word).join(" ")) {
    spelling.appendChild(document.createTextNode(form.dataset.didYouMean + " "));
    const link = element("a", null, suggestion);
    link.href = "?q=" + encodeURIComponent(suggestion);
    link.addEventListener("click", (event) => {
      event.preventDefault();
      input.value = suggestion;
      run();
    });
    spelling.appendChild(link);
    spelling.appendChild(document.createTextNode("?"));
  }
  spelling.hidden = !spelling.childNodes.length;
  suggestions.hidden = false;
}

async function run() {
  const ticket = ++latest;
  remember();
  const text = input.value.trim();
  const filters = chosenFilters();
  const filtering = Object.keys(filters).length > 0;
  suggestions.hidden = true;
  showNote("");
  if (!text && !filtering) {
    list.textContent = "";
    more.hidden = true;
    status.textContent = form.dataset.start;
    form.dataset.done = String(ticket);
    return;
  }
  try {
    [pagefind] = await Promise.all([pagefind || loadPagefind(), loadChunks(words(text))]);
    const any = {};
    for (const [key, values] of Object.entries(filters)) any[key] = { any: values };
    const query = await normalise(text);
    const found = query.filter((w) => !w.missing);
    // no words but filters: every entry they let through; only missing words: nothing
    const searchable = found.length > 0 || query.length === 0;
    let results = searchable ? await searchTerms(found.flatMap((w) => w.terms), any) : [];
    const corrected = query.filter((w) => w.corrected);
    if (corrected.length) showNote(form.dataset.corrected, query.map((w) => w.corrected || w.word).join(" "));
    if (found.length < query.length && results.length) {
      showNote(form.dataset.partial); // a word no page has: the others' matches
    } else if (!results.length && found.length > 1) {
      results = await partial(found, any);
      if (results.length) showNote(form.dataset.partial);
    }
    if (ticket !== latest) return; // a newer search has started
    list.textContent = "";
    pending = results;
    await showMore(ticket, found.flatMap((w) => w.terms));
    const count = results.length;
    status.textContent = count ? form.dataset.count.replace("{n}", count) : form.dataset.none;
    if (!count) showSuggestions(query);
    form.dataset.done = String(ticket);
  } catch (error) {
    status.textContent = form.dataset.error;
    form.dataset.failed = "error";
    throw error;
  }
}

/* Of results that score alike, the one whose name the query covers most comes first
 * ("vocational rehabilitation": Kela's vocational rehabilitation before the one for young
 * people, whatever the length of their texts): up to NAME_BONUS more score, among the
 * results of the first page (their names come with them). */
const NAME_BONUS = 0.02;

function nameCover(title, terms) {
  const names = words(title || "").filter((w) => w.length > 1 && !STOP.has(w));
  const hits = names.filter((w) => terms.some((t) => w.startsWith(t) || forms.get(w) === t));
  return names.length ? hits.length / names.length : 0;
}

function byName(results, data, terms) {
  const rank = results.map((r, i) => ({ data: data[i], score: r.score * (1 + NAME_BONUS * nameCover(data[i].meta.title, terms)) }));
  return rank.sort((a, b) => b.score - a.score).map((r) => r.data);
}

async function showMore(ticket, terms) {
  const next = pending.slice(0, PAGE);
  pending = pending.slice(PAGE);
  let results = await Promise.all(next.map((r) => r.data()));
  if (ticket !== latest) return;
  if (terms && terms.length) results = byName(next, results, terms);
  results.forEach((result) => list.appendChild(item(result)));
  more.hidden = pending.length === 0;
}

more.addEventListener("click", async () => {
  const first = list.children.length;
  await showMore(latest);
  const link = list.children[first] && list.children[first].querySelector("a");
  if (link) link.focus(); // keyboard users continue from the first new result
});

async function loadPagefind() {
  const module = await import(new URL("../pagefind/pagefind.js", import.meta.url).href);
  await module.options({ noWorker: true, ranking: RANKING });
  await module.init();
  return module;
}

let timer = 0;
input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(run, 200);
});
form.addEventListener("change", (event) => {
  if (event.target.type === "checkbox") run();
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  run();
});
restore();
run();
window.kennostoSearch = { normalise };
