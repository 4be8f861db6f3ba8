/* The shareable list page: LANG/list/?s=slug1,slug2 shows those services together, built
 * from LANG/list/services.json (written at build time). Nothing is stored or sent: the
 * list is the address. Needs sheet.js (KennostoList). */
(function () {
  "use strict";
  var root = document.getElementById("shared-list");
  if (!root) return;
  var t = function (key) { return root.getAttribute("data-" + key) || ""; };
  var items = document.getElementById("list-items");
  var data = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function link(href, text) {
    var a = el("a", "", text);
    a.href = href;
    return a;
  }

  function contactList(c) {
    var dl = el("dl", "fields");
    function row(label, node) {
      dl.appendChild(el("dt", "", label));
      var dd = el("dd");
      dd.appendChild(node);
      dl.appendChild(dd);
    }
    if (c.phone) row(t("phone"), link("tel:" + c.phone.replace(/\s/g, ""), c.phone));
    if (c.email) row(t("email"), link("mailto:" + c.email, c.email));
    if (c.url) row(t("web"), link(c.url, c.url));
    if (c.address) row(t("address"), document.createTextNode(c.address));
    if (c.hours) row(t("hours"), document.createTextNode(c.hours));
    return dl;
  }

  function entry(slug, s) {
    var li = el("li", "list-entry");
    li.setAttribute("data-slug", slug);
    var h = el("h2");
    h.appendChild(link(t("services") + slug + "/", s.name));
    li.appendChild(h);
    li.appendChild(el("p", "", s.summary));
    li.appendChild(el("h3", "", t("get-in")));
    if (s.apply) li.appendChild(el("p", "", s.apply));
    if (s.contact && Object.keys(s.contact).length) {
      if (s.contact.org) li.appendChild(el("p", "", t("provider") + ": " + s.contact.org));
      li.appendChild(contactList(s.contact));
    } else if (s.via && s.via.length) {
      li.appendChild(el("p", "", t("via") + " " + s.via.map(function (v) { return v[1]; }).join(", ")));
    } else {
      li.appendChild(el("p", "", t("ask")));
    }
    if (s.next && s.next.length) {
      li.appendChild(el("h3", "", t("next")));
      var ul = el("ul", "inline");
      s.next.forEach(function (n) { ul.appendChild(el("li", "", n[1])); });
      li.appendChild(ul);
    }
    var remove = el("button", "list-remove", t("remove"));
    remove.type = "button";
    remove.setAttribute("aria-label", t("remove") + ": " + s.name);
    remove.addEventListener("click", function () {
      var slugs = window.KennostoList.get().filter(function (x) { return x !== slug; });
      window.KennostoList.set(slugs);
      render();
      document.getElementById("list-live").textContent = t("remove") + ": " + s.name;
      var first = items.querySelector("h2 a");
      (first || document.querySelector("h1")).focus();
    });
    li.appendChild(remove);
    return li;
  }

  function render() {
    var slugs = window.KennostoList.get();
    items.textContent = "";
    slugs.forEach(function (slug) {
      if (data[slug]) items.appendChild(entry(slug, data[slug]));
      else items.appendChild(el("li", "list-entry unknown", t("unknown").replace("{slug}", slug)));
    });
    document.getElementById("list-empty").hidden = slugs.length > 0;
    var share = document.getElementById("list-share");
    var a = document.getElementById("list-link");
    share.hidden = slugs.length === 0;
    a.href = window.location.href;
    a.textContent = window.location.href;
    root.setAttribute("data-ready", "true");
  }

  fetch(root.getAttribute("data-json"))
    .then(function (r) { return r.json(); })
    .then(function (json) { data = json; render(); })
    .catch(function () { root.setAttribute("data-failed", "true"); });
})();
