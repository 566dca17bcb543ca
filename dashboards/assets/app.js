// fullemp dashboards: drill-down on table rows and the month selector. Served by fullemp.
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
