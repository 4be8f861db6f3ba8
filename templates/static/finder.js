/* "Where to refer" finder. Plain script, no framework, no network beyond services.json.
 * The ranking mirrors kennosto/finder.py rank(); change both together. */
(function () {
  "use strict";
  var form = document.getElementById("finder-form");
  if (!form) return;
  var heading = document.getElementById("finder-heading");
  var status = document.getElementById("finder-status");
  var list = document.getElementById("finder-list");
  var headingDefault = heading.textContent;
  var data = null;
  var rest = document.getElementById("finder-rest");
  var more = document.getElementById("finder-more");
  var TRAITS = ["main", "age", "local", "focus", "gateway", "referrer"];
  form.hidden = false; // without JavaScript the form stays hidden: the page offers the lists
  document.getElementById("finder-results").hidden = false;

  /* A field's value, or null; a field is missing when its vocabulary is empty. */
  function value(name) {
    var field = form.elements[name];
    return (field && field.value) || null;
  }

  function client() {
    var age = parseInt(form.elements.age.value, 10);
    var situations = [];
    form.querySelectorAll('input[name="situation"]:checked').forEach(function (box) {
      situations.push(box.value);
    });
    return {
      age: isNaN(age) ? null : age,
      municipality: value("municipality"),
      referrer: value("referrer"),
      situations: situations
    };
  }

  function has(array, value) {
    return (array || []).indexOf(value) !== -1;
  }

  function eligible(s, c) {
    if (c.age !== null) {
      if (s.age_min != null && c.age < s.age_min) return false;
      if (s.age_max != null && c.age > s.age_max) return false;
    }
    if (c.municipality && s.area && s.area.length && !has(s.area, c.municipality)) return false;
    if (!c.situations.length) return true;
    return (s.target_groups || []).some(function (g) { return has(c.situations, g); });
  }

  /* An age range that excludes part of working age (finder.py narrows()). */
  function narrows(s) {
    var w = data.working_age;
    return (s.age_min != null && s.age_min > w[0]) || (s.age_max != null && s.age_max < w[1]);
  }

  /* An area that leaves out some of the region's municipalities (finder.py local()). */
  function local(area) {
    var region = Object.keys(data.municipalities);
    return !region.length || region.some(function (m) { return !has(area, m); });
  }

  function score(s, c, p) {
    var points = 0;
    var reasons = [];
    var traits = [];
    var groups = s.target_groups || [];
    var matched = groups.filter(function (g) { return has(c.situations, g); });
    if (matched.length) {
      points += p.match * matched.length;
      if (has(c.situations, groups[0])) {
        points += p.primary;
        traits.push("main");
      }
      points += p.focus * matched.length / groups.length;
      if (matched.length === groups.length) traits.push("focus");
      reasons.push(["target_groups", matched]);
    }
    if (s.age_min != null || s.age_max != null) {
      if (c.age !== null && narrows(s)) {
        points += p.age;
        traits.push("age");
      }
      reasons.push(["age", [s.age_min, s.age_max]]);
    }
    if (s.area && s.area.length) {
      if (c.municipality) {
        if (local(s.area)) {
          points += p.area;
          traits.push("local");
        }
        reasons.push(["area", [c.municipality]]);
      } else {
        reasons.push(["area", s.area]);
      }
    } else {
      reasons.push(["region", []]);
    }
    if (c.referrer && has(s.referrers, c.referrer)) {
      points += p.referrer;
      traits.push("referrer");
      reasons.push(["referrer", [c.referrer]]);
    } else if (s.referrers && s.referrers.length) {
      reasons.push(["referrers", s.referrers]);
    }
    traits.sort(function (a, b) { return TRAITS.indexOf(a) - TRAITS.indexOf(b); });
    var places = matched.reduce(function (sum, g) { return sum + groups.indexOf(g); }, 0);
    return { service: s, score: points, reasons: reasons, traits: traits, places: places, leads: 0 };
  }

  /* For each best match, the trait that sets it apart (finder.py apart()). */
  function apart(matches) {
    var best = matches.slice(0, data.best);
    var shared = TRAITS.filter(function (t) {
      return best.every(function (m) { return has(m.traits, t); });
    });
    return best.map(function (m) {
      var own = m.traits.filter(function (t) { return best.length === 1 || !has(shared, t); });
      return own.length ? own[0] : null;
    });
  }

  function apartText(trait, m, c) {
    var t = data.text;
    var s = m.service;
    if (trait === "main") return t.finder_main_group + ": " + names(data.target_groups, [s.target_groups[0]]);
    if (trait === "age") return t.finder_age_fits + " (" + reasonText(["age", [s.age_min, s.age_max]]).split(": ")[1] + ")";
    if (trait === "local") return t.finder_local + ": " + names(data.municipalities, [c.municipality]);
    if (trait === "focus") return t.finder_only_for + ": " + names(data.target_groups, s.target_groups);
    if (trait === "gateway") return t.finder_leads_on.replace("{n}", m.leads);
    return t.finder_you_may_refer + ": " + names(data.referrers, [c.referrer]);
  }

  /* finder.py _ordered(): the points of a way in, in proportion to the other matches
   * an entry leads to as a next step. */
  function rank(services, c, p) {
    var matches = services
      .filter(function (s) { return eligible(s, c); })
      .map(function (s) { return score(s, c, p); });
    var slugs = matches.map(function (m) { return m.service.slug; });
    var most = 0;
    matches.forEach(function (m) {
      var own = m.service.slug;
      m.leads = (m.service.next || []).filter(function (t) { return t !== own && has(slugs, t); }).length;
      most = Math.max(most, m.leads);
    });
    matches.forEach(function (m) {
      if (!m.leads) return;
      m.score += p.gateway * m.leads / most;
      m.traits.push("gateway");
      m.traits.sort(function (a, b) { return TRAITS.indexOf(a) - TRAITS.indexOf(b); });
    });
    return matches
      .sort(function (a, b) {
        if (b.score !== a.score) return b.score - a.score;
        if (a.places !== b.places) return a.places - b.places;
        return a.service.slug < b.service.slug ? -1 : 1;
      });
  }

  function names(vocabulary, slugs) {
    return slugs.map(function (slug) { return vocabulary[slug] || slug; }).join(", ");
  }

  function reasonText(reason) {
    var t = data.text;
    var kind = reason[0];
    var values = reason[1];
    if (kind === "target_groups") return t.target_groups + ": " + names(data.target_groups, values);
    if (kind === "age") {
      var min = values[0];
      var max = values[1];
      var range = min != null && max != null ? min + "–" + max
        : min != null ? t.age_from + " " + min : t.age_to + " " + max;
      return t.age + ": " + range + " " + t.years;
    }
    if (kind === "area") return t.area + ": " + names(data.municipalities, values);
    if (kind === "region") return t.area + ": " + data.region;
    if (kind === "referrer") return t.finder_you_may_refer + ": " + names(data.referrers, values);
    return t.referrers + ": " + names(data.referrers, values);
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  var professional = document.getElementById("finder-professional");
  var outcomes = document.getElementById("finder-outcomes");

  /* Outcomes the matches lead to directly, in the matches' order (finder.py outcomes_of). */
  function outcomesOf(matches) {
    var out = [];
    matches.forEach(function (m) {
      (m.service.leads_to || []).forEach(function (slug) {
        if (out.indexOf(slug) === -1 && data.outcomes[slug]) out.push(slug);
      });
    });
    return out;
  }

  function renderOutcomes(slugs) {
    outcomes.textContent = "";
    var base = form.getAttribute("data-services");
    slugs.forEach(function (slug) {
      var item = element("li");
      item.setAttribute("data-slug", slug);
      var link = element("a", null, data.outcomes[slug].name);
      link.href = base + slug + "/";
      item.appendChild(link);
      item.appendChild(element("p", null, data.outcomes[slug].summary));
      outcomes.appendChild(item);
    });
    outcomes.parentNode.hidden = !slugs.length;
  }

  function render(matches, target, c) {
    target = target || list;
    target.textContent = "";
    var base = form.getAttribute("data-services");
    var marks = target === list ? apart(matches) : [];
    matches.forEach(function (m, index) {
      var s = m.service;
      var item = element("li");
      item.setAttribute("data-slug", s.slug);
      var title = element("h3");
      var link = element("a", null, s.name);
      link.href = base + s.slug + "/";
      if (s.fallback) link.lang = "fi";
      title.appendChild(link);
      [s.kind, s.status].forEach(function (label) {
        if (label) {
          title.appendChild(document.createTextNode(" "));
          title.appendChild(element("span", "badge", label));
        }
      });
      item.appendChild(title);
      item.appendChild(element("p", null, s.summary));
      if (s.provider) item.appendChild(element("p", "meta", data.text.provider + ": " + s.provider));
      if (marks[index]) {
        var mark = element("p", "apart");
        mark.appendChild(element("strong", null, data.text.finder_sets_apart + ": "));
        mark.appendChild(document.createTextNode(apartText(marks[index], m, c)));
        item.appendChild(mark);
      }
      if (target === list && index >= data.best) item.hidden = !expanded;
      item.appendChild(element("p", "why", data.text.finder_why + ":"));
      var why = element("ul", "reasons");
      m.reasons.forEach(function (r) { why.appendChild(element("li", null, reasonText(r))); });
      item.appendChild(why);
      target.appendChild(item);
    });
  }

  var expanded = false;

  /* The best matches first; the rest behind a button that says how many. */
  function fold(count) {
    var hiddenCount = Math.max(0, count - data.best);
    rest.hidden = hiddenCount === 0;
    more.textContent = data.text.finder_rest.replace("{n}", hiddenCount);
    more.setAttribute("aria-expanded", String(expanded));
    Array.prototype.forEach.call(list.children, function (item, index) {
      if (index >= data.best) item.hidden = !expanded;
    });
  }

  more.addEventListener("click", function () {
    expanded = !expanded;
    fold(list.children.length);
    var first = list.children[data.best];
    if (expanded && first) first.querySelector("a").focus();
  });

  function empty(c) {
    return c.age === null && !c.municipality && !c.referrer && !c.situations.length;
  }

  function update() {
    if (!data) return;
    var c = client();
    if (empty(c)) {
      list.textContent = "";
      fold(0);
      render([], professional);
      professional.parentNode.hidden = true;
      renderOutcomes([]);
      heading.textContent = headingDefault;
      status.textContent = "";
    } else {
      var matches = rank(data.services, c, data.points);
      render(matches, list, c);
      fold(matches.length);
      var support = rank(data.professional, c, data.points);
      render(support, professional, c);
      professional.parentNode.hidden = !support.length;
      renderOutcomes(outcomesOf(matches));
      var count = data.text.finder_count.replace("{n}", matches.length);
      heading.textContent = count;
      status.textContent = matches.length ? count : data.text.finder_none;
      status.className = matches.length ? "visually-hidden" : "";  // the heading shows the count
    }
    var query = new URLSearchParams(new FormData(form));
    Array.from(query.keys()).forEach(function (key) {
      if (!query.get(key)) query.delete(key);
    });
    var search = query.toString();
    history.replaceState(null, "", search ? "?" + search : location.pathname);
  }

  function restore() {
    var query = new URLSearchParams(location.search);
    ["age", "municipality", "referrer"].forEach(function (key) {
      if (query.has(key) && form.elements[key]) form.elements[key].value = query.get(key);
    });
    var chosen = query.getAll("situation");
    form.querySelectorAll('input[name="situation"]').forEach(function (box) {
      box.checked = has(chosen, box.value);
    });
  }

  form.addEventListener("change", update);
  form.addEventListener("input", function (event) {
    if (event.target.name === "age") update();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    update();
    heading.focus();
  });

  fetch(form.getAttribute("data-src"))
    .then(function (response) { return response.json(); })
    .then(function (json) {
      data = json;
      restore();
      update();
      form.setAttribute("data-ready", "true");
    });

  window.kennostoFinder = { rank: rank, apart: apart };
})();
