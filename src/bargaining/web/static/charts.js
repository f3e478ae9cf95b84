// Draws the page's chart from the JSON in #chart-data with the locally served plotly.js (no CDN, no
// inline script, so the Content-Security-Policy can forbid inline scripts).
(function () {
  var holder = document.getElementById("chart");
  var source = document.getElementById("chart-data");
  if (!holder || !source || typeof Plotly === "undefined") { return; }
  var spec = JSON.parse(source.textContent);
  var traces = spec.series.map(function (s) {
    return spec.kind === "bar"
      ? { type: "bar", name: s.name, x: s.x, y: s.y }
      : { type: "scatter", mode: "lines+markers", line: { shape: "hv" }, name: s.name, x: s.x, y: s.y };
  });
  Plotly.newPlot(holder, traces, {
    title: { text: spec.title, font: { size: 14 } },
    barmode: "group",
    margin: { l: 60, r: 10, t: 40, b: 40 },
    legend: { orientation: "h", y: -0.2 },
    yaxis: { tickprefix: "$", tickformat: "~s" },
    autosize: true
  }, { responsive: true, displaylogo: false });
})();
