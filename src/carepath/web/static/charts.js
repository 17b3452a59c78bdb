/* carepath: draw the page's charts from the JSON beside them (Plotly, served by the app itself),
   offer each as PNG and SVG, and draw the scorecard's sparklines as small inline SVGs. */
(function () {
  "use strict";

  function drawCharts() {
    if (typeof window.Plotly === "undefined") { return; }
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var source = document.getElementById(element.getAttribute("data-chart"));
      if (!source) { return; }
      var figure = JSON.parse(source.textContent);
      window.Plotly.newPlot(element, figure.data, figure.layout,
        {displayModeBar: false, responsive: true, staticPlot: false});
      element.setAttribute("data-drawn", "true");
    });
    document.querySelectorAll("[data-download]").forEach(function (button) {
      button.addEventListener("click", function () {
        var chart = document.getElementById(button.getAttribute("data-download"));
        var format = button.getAttribute("data-format");
        window.Plotly.downloadImage(chart, {format: format, filename: chart.id, width: chart.offsetWidth || 900,
                                            height: chart.offsetHeight || 400});
      });
    });
  }

  function drawSparklines() {
    var ns = "http://www.w3.org/2000/svg";
    document.querySelectorAll("[data-spark]").forEach(function (holder) {
      var points = JSON.parse(holder.getAttribute("data-spark"));
      var values = points.map(function (p) { return p[1]; }).filter(function (v) { return v !== null; });
      if (values.length < 2) { return; }
      var width = 110, height = 28, pad = 3;
      var low = Math.min.apply(null, values), high = Math.max.apply(null, values);
      var span = (high - low) || 1;
      var svg = document.createElementNS(ns, "svg");
      svg.setAttribute("width", width);
      svg.setAttribute("height", height);
      svg.setAttribute("aria-hidden", "true");
      svg.setAttribute("focusable", "false");
      var path = "", last = null;
      points.forEach(function (p, i) {
        if (p[1] === null) { return; }
        var x = pad + i * (width - 2 * pad) / Math.max(1, points.length - 1);
        var y = height - pad - (p[1] - low) * (height - 2 * pad) / span;
        path += (path ? " L" : "M") + x.toFixed(1) + " " + y.toFixed(1);
        last = [x, y];
      });
      var line = document.createElementNS(ns, "path");
      line.setAttribute("d", path);
      line.setAttribute("fill", "none");
      line.setAttribute("stroke", "#1d70b8");
      line.setAttribute("stroke-width", "2");
      svg.appendChild(line);
      if (last) {
        var dot = document.createElementNS(ns, "circle");
        dot.setAttribute("cx", last[0]);
        dot.setAttribute("cy", last[1]);
        dot.setAttribute("r", "3");
        dot.setAttribute("fill", "#0b0c0c");
        svg.appendChild(dot);
      }
      holder.appendChild(svg);
    });
  }

  function ready() {
    drawSparklines();
    drawCharts();
    document.documentElement.setAttribute("data-charts-ready", "true");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
