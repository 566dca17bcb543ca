// fullemp dashboards: drill-down on table rows, the month selector, charts that follow the
// window's size (and the printed page's), and the search box's suggestions. Served by
// fullemp, like every script of the pages (no inline script but the charts' own, nonce'd).
"use strict";
document.addEventListener("click", function (ev) {
  var tr = ev.target.closest("tr[data-href]");
  if (tr && !ev.target.closest("a")) { window.location.href = tr.getAttribute("data-href"); }
});
document.addEventListener("change", function (ev) {
  if (ev.target.matches("select[data-autosubmit]")) { ev.target.form.submit(); }
});
// fullempDrill is called by the charts' click handlers: the clicked bar's region code is in
// the chart's data-codes attribute, in category order.
function fullempDrill(chartID, index) {
  var el = document.getElementById(chartID);
  var codes = JSON.parse(el.closest("[data-codes]").getAttribute("data-codes") || "[]");
  var base = el.closest("[data-codes]").getAttribute("data-base");
  if (codes[index] && base) { window.location.href = base.replace("CODE", codes[index]); }
}

// fullempResize redraws every chart at its container's width (ECharts keeps the size it
// was drawn at otherwise), or, for paper, at the width its card has there; a gauge's title
// wraps at the new width.
function fullempResize(forPrint) {
  if (typeof echarts === "undefined") { return; }
  document.querySelectorAll("[data-chart] .item").forEach(function (el) {
    var chart = echarts.getInstanceByDom(el);
    if (!chart) { return; }
    chart.resize(forPrint ? { width: fullempPrintWidth(el) } : undefined);
    var series = chart.getOption().series || [];
    if (series.length && series[0].type === "gauge") {
      chart.setOption({ title: { textStyle: { width: chart.getWidth() - 16 } } });
    }
    // Paint now: ECharts paints on the next animation frame, and a page being printed
    // has none before it is printed.
    chart.getZr().refreshImmediately();
  });
}

// fullempPrintWidth is the width a chart has on paper, from app.css's print rules: A4
// inside the page margins is 190 mm (718 px); a wide card spans it, the others go two to
// a row 8 px apart; a card has 12 px of padding and a 1 px border on each side. The
// browser lays the printed page out only after "beforeprint", so the chart cannot measure
// it then; drawn at this width it prints at full size (app.css scales it down to fit
// narrower paper).
function fullempPrintWidth(el) {
  var card = el.closest(".card");
  var width = 718;
  if (card && !card.classList.contains("wide")) { width = (width - 8) / 2; }
  return Math.floor(width - 2 * 13);
}

(function () {
  var timer = null;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { fullempResize(false); }, 100);
  });
  window.addEventListener("beforeprint", function () { clearTimeout(timer); fullempResize(true); });
  window.addEventListener("afterprint", function () { fullempResize(false); });
})();

// The search box suggests the districts, streets and communities of the user's area as
// the user types (GET /api/v1/search); choosing one opens its page. Without the script the
// form still works: it goes to the search page.
(function () {
  var timer = null, asked = "";
  function suggest(input) {
    var q = input.value.trim();
    var list = document.getElementById(input.getAttribute("list"));
    if (!list || q === asked) { return; }
    asked = q;
    if (q === "") { list.replaceChildren(); return; }
    fetch("/api/v1/search?limit=10&q=" + encodeURIComponent(q), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { results: [] }; })
      .then(function (answer) {
        if (input.value.trim() !== q) { return; } // typed on meanwhile
        list.replaceChildren.apply(list, answer.results.map(function (found) {
          var opt = document.createElement("option");
          opt.value = found.code;
          opt.label = found.name + (found.path ? " · " + found.path : "");
          opt.textContent = opt.label;
          return opt;
        }));
      })
      .catch(function () { /* no suggestions: the form still searches */ });
  }
  document.addEventListener("input", function (ev) {
    var input = ev.target;
    if (!input.matches || !input.matches("input[data-search]")) { return; }
    // A suggestion chosen from the list: open its page at once.
    if (!(ev instanceof InputEvent) || ev.inputType === "insertReplacementText") {
      var list = document.getElementById(input.getAttribute("list"));
      var chosen = list && Array.prototype.some.call(list.options, function (o) { return o.value === input.value; });
      if (chosen) { input.form.submit(); return; }
    }
    clearTimeout(timer);
    timer = setTimeout(function () { suggest(input); }, 150);
  });
})();
