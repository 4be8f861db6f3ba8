/* The client's sheet and the shareable list (Kennosto, issue 14).
 *
 * Everything here is an addition: without JavaScript the page reads and prints the same,
 * only the print and "add to list" buttons are absent.
 *
 * The list lives in the address only: `?list=slug1,slug2` on any page of the site, and
 * `LANG/list/?s=slug1,slug2` on the list page. No cookies, no storage, nothing is sent.
 * Links inside the site carry the list along, so a professional can add services from
 * page to page.
 *
 * Reusable API (for search results and other pages):
 *   KennostoList.get()            -> the slugs in the list, in order
 *   KennostoList.button(slug, name) -> a <button aria-pressed> that adds/removes the slug;
 *                                    its accessible name ends with the service's name
 *   KennostoList.href(url)        -> url with the current list carried along
 *   KennostoList.listUrl()        -> the list page's address for the current list
 *   KennostoList.onChange(fn)     -> call fn(slugs) after every change
 */
(function () {
  "use strict";
  var SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  var listeners = [];

  function ui() {
    return document.getElementById("list-ui");
  }

  function onListPage() {
    return !!document.getElementById("shared-list");
  }

  function parse(value) {
    var seen = {};
    return (value || "").split(",").filter(function (slug) {
      if (!SLUG.test(slug) || seen[slug]) return false;
      seen[slug] = true;
      return true;
    });
  }

  function get() {
    var params = new URLSearchParams(window.location.search);
    return parse(params.get(onListPage() ? "s" : "list"));
  }

  function set(slugs) {
    var url = new URL(window.location.href);
    var key = onListPage() ? "s" : "list";
    if (slugs.length) url.searchParams.set(key, slugs.join(","));
    else url.searchParams.delete(key);
    window.history.replaceState(null, "", url.pathname + url.search.replace(/%2C/g, ",") + url.hash);
    carryLinks();
    listeners.forEach(function (fn) { fn(slugs.slice()); });
  }

  function fill(text, n) {
    return text.replace("{n}", String(n));
  }

  function listUrl() {
    var el = ui();
    var base = el ? el.getAttribute("data-list-url") : "list/";
    var slugs = get();
    return base + (slugs.length ? "?s=" + slugs.join(",") : "");
  }

  function href(url) {
    var slugs = get();
    var target = new URL(url, window.location.href);
    if (target.origin !== window.location.origin) return url;
    if (slugs.length) target.searchParams.set("list", slugs.join(","));
    else target.searchParams.delete("list");
    return target.pathname + target.search.replace(/%2C/g, ",") + target.hash;
  }

  // Links within the site keep the list, so it survives moving from page to page.
  function carryLinks() {
    if (onListPage()) return;
    var links = document.querySelectorAll("a[href]");
    for (var i = 0; i < links.length; i++) {
      var a = links[i];
      var raw = a.getAttribute("href");
      if (!raw || raw.charAt(0) === "#" || a.id === "list-view") continue;
      if (/^[a-z][a-z0-9+.-]*:/i.test(raw) || /\.(json|xml|css|js|svg|csv|zip)([?#]|$)/.test(raw)) continue;
      if (!a.hasAttribute("data-plain-href")) a.setAttribute("data-plain-href", raw);
      a.setAttribute("href", href(a.getAttribute("data-plain-href")));
    }
    var view = document.getElementById("list-view");
    if (view) {
      var n = get().length;
      view.hidden = n === 0;
      view.setAttribute("href", listUrl());
      view.textContent = fill(ui().getAttribute("data-view"), n);
    }
  }

  function announce(n) {
    var live = document.getElementById("list-live");
    var el = ui();
    if (!live || !el) return;
    live.textContent = n === 1 ? el.getAttribute("data-status-one") : fill(el.getAttribute("data-status"), n);
  }

  // The visible text is the same on every button; the service's name is added for
  // screen readers, so that a list of results does not read "Add to list" ten times.
  function button(slug, name) {
    var el = ui();
    var b = document.createElement("button");
    b.type = "button";
    b.className = "list-add";
    b.setAttribute("data-slug", slug);
    b.textContent = el ? el.getAttribute("data-add") : "+";
    if (name) {
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = ": " + name;
      b.appendChild(hidden);
    }
    function sync(slugs) {
      b.setAttribute("aria-pressed", slugs.indexOf(slug) >= 0 ? "true" : "false");
    }
    sync(get());
    listeners.push(sync);
    b.addEventListener("click", function () {
      var slugs = get();
      var at = slugs.indexOf(slug);
      if (at >= 0) slugs.splice(at, 1);
      else slugs.push(slug);
      set(slugs);
      announce(slugs.length);
    });
    return b;
  }

  function printButton(tools) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "print-button";
    b.textContent = tools.getAttribute("data-print");
    b.addEventListener("click", function () { window.print(); });
    return b;
  }

  function printedDates() {
    var now = new Date();
    var spans = document.querySelectorAll(".printed-date");
    for (var i = 0; i < spans.length; i++) {
      var s = spans[i];
      var months = (s.getAttribute("data-months") || "").split("|");
      s.textContent = (s.getAttribute("data-format") || "{d}.{m}.{y}")
        .replace("{d}", String(now.getDate()))
        .replace("{m}", String(now.getMonth() + 1))
        .replace("{month}", months[now.getMonth()] || "")
        .replace("{y}", String(now.getFullYear()));
    }
  }

  function setUpTools() {
    var all = document.querySelectorAll(".sheet-tools");
    for (var i = 0; i < all.length; i++) {
      var tools = all[i];
      tools.appendChild(printButton(tools));
      var slug = tools.getAttribute("data-list-slug");
      if (slug && ui()) {
        tools.appendChild(button(slug, tools.getAttribute("data-list-name")));
        tools.appendChild(viewLink());
      }
    }
    // Other pages that add to the list (search results) give the link a place.
    var slot = document.querySelector("[data-list-view-slot]");
    if (slot && ui() && !document.getElementById("list-view")) slot.appendChild(viewLink());
  }

  function viewLink() {
    var view = document.createElement("a");
    view.id = "list-view";
    view.className = "list-view";
    return view;
  }

  window.KennostoList = {
    get: get,
    button: button,
    href: href,
    listUrl: listUrl,
    onChange: function (fn) { listeners.push(fn); },
    set: set,
    parse: parse
  };

  function start() {
    printedDates();
    setUpTools();
    carryLinks();
    window.addEventListener("beforeprint", printedDates);
    document.dispatchEvent(new CustomEvent("kennosto-list-ready"));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
