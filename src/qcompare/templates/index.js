/* qcompare index: filter by city, theme, kind and language, and search titles and findings
   (Chinese and English), in the page, offline. The entries come from #qc-index-data, one per
   <li data-i>, in page order. Each filter run records its own duration (window.qcIndex.lastMs,
   from performance.now()) so the browser tests can check it stays quick at 1,000 entries. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("qc-index-data").textContent);
  var items = Array.prototype.slice.call(document.querySelectorAll("li[data-i]"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.qc-index"));
  var controls = {
    q: document.getElementById("qc-q"),
    city: document.getElementById("qc-city"),
    theme: document.getElementById("qc-theme"),
    kind: document.getElementById("qc-kind"),
    lang: document.getElementById("qc-lang")
  };
  var count = document.getElementById("qc-count");
  var none = document.getElementById("qc-none");
  var total = items.length;
  var entry = items.map(function (li) { return data[+li.getAttribute("data-i")]; });
  var members = sections.map(function (sec) {
    return items.map(function (li, i) { return sec.contains(li) ? i : -1; })
      .filter(function (i) { return i >= 0; });
  });

  function fold(text) {  // as qcompare.briefings.index._fold: NFKC, case-folded
    return (text.normalize ? text.normalize("NFKC") : text).toLowerCase();
  }

  function matches(d, f) {
    if (f.city && d.cities.indexOf(f.city) < 0) return false;
    if (f.theme && d.themes.indexOf(f.theme) < 0) return false;
    if (f.kind && d.kind !== f.kind) return false;
    if (f.lang && d.lang !== f.lang) return false;
    for (var i = 0; i < f.words.length; i++) if (d.text.indexOf(f.words[i]) < 0) return false;
    return true;
  }

  function apply() {
    var start = performance.now();
    var f = {
      city: controls.city.value, theme: controls.theme.value,
      kind: controls.kind.value, lang: controls.lang.value,
      words: fold(controls.q.value).split(/\s+/).filter(Boolean)
    };
    var shown = 0, visible = new Array(items.length);
    for (var i = 0; i < items.length; i++) {
      var ok = visible[i] = matches(entry[i], f);
      if (items[i].hidden === ok) items[i].hidden = !ok;
      if (ok) shown++;
    }
    for (var s = 0; s < sections.length; s++) {
      var any = members[s].some(function (i) { return visible[i]; });
      if (sections[s].hidden === any) sections[s].hidden = !any;
    }
    none.hidden = shown > 0;
    count.textContent = (shown === total)
      ? total + " 份简报 · " + total + " briefings"
      : "显示 " + shown + " / " + total + " 份简报 · " + shown + " of " + total + " briefings";
    window.qcIndex.lastMs = performance.now() - start;  // the filter and its DOM update
    window.qcIndex.shown = shown;
    var params = new URLSearchParams();
    ["q", "city", "theme", "kind", "lang"].forEach(function (k) {
      if (controls[k].value) params.set(k, controls[k].value);
    });
    var hash = params.toString();
    if (("#" + hash) !== location.hash && !(hash === "" && location.hash === "")) {
      try {
        history.replaceState(null, "", hash ? "#" + hash : location.pathname);
      } catch (e) { /* an address that cannot be rewritten: the filter still applies */ }
    }
    return shown;
  }

  window.qcIndex = {apply: apply, lastMs: null, shown: total};
  // filters from the address (#city=wenzhou&lang=en), so a filtered view can be linked
  var initial = new URLSearchParams(location.hash.slice(1));
  Object.keys(controls).forEach(function (k) {
    if (initial.has(k)) controls[k].value = initial.get(k);
    controls[k].addEventListener(k === "q" ? "input" : "change", apply);
  });
  if (location.hash.length > 1) apply();
})();
