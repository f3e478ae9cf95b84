// Draws the page's chart from the JSON in #chart-data with the locally served plotly.js (no CDN, no
// inline script, so the Content-Security-Policy can forbid inline scripts).
// A page may hold several: each element with class "chart" draws the JSON in the element its
// data-source names (default: #chart-data).
(function () {
  if (typeof Plotly === "undefined") { return; }
  var holders = document.querySelectorAll(".chart");
  for (var i = 0; i < holders.length; i++) {
    var source = document.getElementById(holders[i].getAttribute("data-source") || "chart-data");
    if (source) { draw(holders[i], JSON.parse(source.textContent)); }
  }
})();

function draw(holder, spec) {
  var traces = spec.series.map(function (s) {
    if (spec.kind === "bar") { return { type: "bar", name: s.name, x: s.x, y: s.y }; }
    if (spec.kind === "scatter") {
      return { type: "scatter", mode: s.mode || "markers", name: s.name, x: s.x, y: s.y,
               marker: { size: s.size || 4 } };
    }
    if (spec.kind === "histogram") { return { type: "histogram", name: s.name, x: s.x, opacity: 0.7 }; }
    // Positions hold until the next move (steps); yearly figures join point to point ("steps": false).
    return { type: "scatter", mode: "lines+markers", line: { shape: spec.steps === false ? "linear" : "hv" }, name: s.name, x: s.x, y: s.y };
  });
  var money = spec.money !== false;
  Plotly.newPlot(holder, traces, {
    title: { text: spec.title, font: { size: 14 } },
    barmode: spec.kind === "histogram" ? "overlay" : "group",
    margin: { l: 60, r: 10, t: 40, b: 40 },
    legend: { orientation: "h", y: -0.2 },
    xaxis: { title: { text: spec.x_title || "" } },
    yaxis: money ? { tickprefix: "$", tickformat: "~s" } : { title: { text: spec.y_title || "" } },
    autosize: true
  }, { responsive: true, displaylogo: false });
}
