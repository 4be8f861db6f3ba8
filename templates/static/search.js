/* Search page: Pagefind's JS API behind a plain form. The query and the chosen filters
 * live in the URL (?q=...&municipality=SLUG), so a search can be shared or bookmarked. */
const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const root = form.dataset.root;
const more = document.getElementById("search-more");
const PAGE = 10; // results loaded at a time: each costs one fragment download
let pagefind = null;
let latest = 0;
let pending = [];

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
  const search = query.toString();
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
  return li;
}

async function run() {
  const ticket = ++latest;
  remember();
  const term = input.value.trim();
  const filters = chosenFilters();
  const filtering = Object.keys(filters).length > 0;
  if (!term && !filtering) {
    list.textContent = "";
    more.hidden = true;
    status.textContent = form.dataset.start;
    return;
  }
  try {
    pagefind = pagefind || (await loadPagefind());
    const any = {};
    for (const [key, values] of Object.entries(filters)) any[key] = { any: values };
    const search = await pagefind.search(term || null, { filters: any });
    if (ticket !== latest) return; // a newer search has started
    list.textContent = "";
    pending = search.results;
    await showMore(ticket);
    const count = search.results.length;
    status.textContent = count ? form.dataset.count.replace("{n}", count) : form.dataset.none;
    form.dataset.done = String(ticket);
  } catch (error) {
    status.textContent = form.dataset.error;
    throw error;
  }
}

async function showMore(ticket) {
  const next = pending.slice(0, PAGE);
  pending = pending.slice(PAGE);
  const results = await Promise.all(next.map((r) => r.data()));
  if (ticket !== latest) return;
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
  await module.options({ noWorker: true });
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
