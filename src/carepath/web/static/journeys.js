/* carepath: the animated journey map. Every child in the cohort is a dot placed by
   journeys_model.js from the timed stops the server sends; drawn on a canvas (never one element
   per dot) over the stations and lines, which are drawn once. Controls: play, pause, speed, date,
   a station's next steps, a still of the frame. window.carepathJourneys exposes the counts the page
   places at each station (countsAt, displayedCounts) so they can be checked against the server's. */
(function () {
  "use strict";
  var root = document.getElementById("journeys");
  if (!root || !window.carepathJourneyModel) { return; }

  var COLOURS = ["#949494", "#0072B2", "#E69F00", "#D55E00", "#000000"];
  var LINE_COLOURS = {"front door": "#1d70b8", "assessment": "#00703c", "protection": "#d4351c",
                      "care": "#912b88", "exit": "#505a5f"};
  var JITTER = 15;              // dots spread this far (map units) around a quiet station, or along a line
  var models = window.carepathJourneyModel, dayOf = models.dayOf, isoOf = models.isoOf;
  var query = root.getAttribute("data-api-query") || "";
  var compare = root.getAttribute("data-compare") === "1";
  var playButton = document.getElementById("journey-play");
  var speedSelect = document.getElementById("journey-speed");
  var slider = document.getElementById("journey-date");
  var dateText = document.getElementById("journey-date-text");
  var statusText = document.getElementById("journey-status");
  var detail = document.getElementById("journey-detail");
  var state = {t: 0, first: 0, last: 0, playing: false, lastTs: null, speed: 7, model: null, views: [],
               frames: 0, renderMs: 0, listShownAt: 0};

  function showDay(day) {
    return new Date(day * 86400000).toLocaleDateString("en-GB", {day: "numeric", month: "short", year: "numeric",
                                                                 timeZone: "UTC"});
  }
  function api(path, which) { return path + "?" + query + (query ? "&" : "") + "which=" + which; }

  function View(cohort) {        // a cohort and the canvas it is drawn on
    this.cohort = cohort;
    this.which = cohort.which;
    this.canvas = document.getElementById("journey-canvas-" + cohort.which);
    this.context = this.canvas.getContext("2d", {alpha: false});
    this.background = document.createElement("canvas");
    this.table = document.getElementById("journey-counts-" + cohort.which);
    this.conversions = null;
  }

  // -- drawing ----------------------------------------------------------------------------------
  function wrap(text, width) {
    var lines = [], line = "";
    text.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; } else { line = line ? line + " " + word : word; }
    });
    if (line) { lines.push(line); }
    return lines;
  }

  function stationShape(g, s, scale) {
    var r = (s.kind === "point" ? 9 : 13) * scale;
    g.beginPath();
    if (s.kind === "exit") { g.rect(s.x * scale - r, s.y * scale - r, 2 * r, 2 * r); } else { g.arc(s.x * scale, s.y * scale, r, 0, 2 * Math.PI); }
  }

  function drawBackground(v) {
    var map = state.model.map, scale = v.canvas.width / map.width, g, index = {};
    var size = Math.max(10, Math.round(14 * scale));
    v.background.width = v.canvas.width;
    v.background.height = v.canvas.height;
    g = v.background.getContext("2d");
    g.fillStyle = "#ffffff";
    g.fillRect(0, 0, v.background.width, v.background.height);
    g.lineCap = "round";
    map.stations.forEach(function (s, i) { index[s.key] = i; });
    g.globalAlpha = 0.28;
    map.moves.forEach(function (m) {
      var a = map.stations[index[m.from]], b = map.stations[index[m.to]];
      g.strokeStyle = LINE_COLOURS[b.line] || "#505a5f";
      g.lineWidth = 7 * scale;
      g.beginPath();
      g.moveTo(a.x * scale, a.y * scale);
      g.lineTo(b.x * scale, b.y * scale);
      g.stroke();
    });
    g.globalAlpha = 1;
    map.stations.forEach(function (s) {
      g.lineWidth = 3 * scale;
      g.strokeStyle = LINE_COLOURS[s.line] || "#0b0c0c";
      g.fillStyle = "#ffffff";
      stationShape(g, s, scale);
      g.fill();
      g.stroke();
    });
    v.scale = scale;
    v.labelFont = size + "px Arial, sans-serif";
    v.labels = map.stations.map(function (s) {        // names above the top line, below the others
      var lines = wrap(s.label, 13), above = s.y < 200;
      return lines.map(function (line, i) {
        return [line, s.x * scale, above ? (s.y - 20) * scale - (lines.length - 1 - i) * (size + 2)
                                         : (s.y + 20) * scale + size + i * (size + 2)];
      });
    });
  }

  function drawShape(g, band, x, y, r) {   // each band its own shape as well as its colour
    if (band === 0) { g.rect(x - 0.8 * r, y - 0.8 * r, 1.6 * r, 1.6 * r); }
    else if (band === 1) { g.rect(x - r, y - r, 2 * r, 2 * r); }
    else if (band === 2) { g.moveTo(x, y - 1.4 * r); g.lineTo(x + 1.4 * r, y); g.lineTo(x, y + 1.4 * r); g.lineTo(x - 1.4 * r, y); g.closePath(); }
    else if (band === 3) { g.moveTo(x, y - 1.5 * r); g.lineTo(x + 1.4 * r, y + r); g.lineTo(x - 1.4 * r, y + r); g.closePath(); }
    else { g.rect(x - 1.5 * r, y - 0.5 * r, 3 * r, r); g.rect(x - 0.5 * r, y - 1.5 * r, r, 3 * r); }
  }

  function draw(v, t) {
    var g = v.context, c = v.cohort, scale = v.scale, r = Math.max(1.3, 2.0 * scale), map = state.model.map, i, s;
    g.drawImage(v.background, 0, 0);
    for (var band = 0; band < 5; band++) {      // one path per band: a few fills a frame, whatever the crowd
      g.fillStyle = COLOURS[band];
      g.beginPath();
      for (i = 0; i < c.n; i++) {
        if (c.where[i] >= -1 && c.band[i] === band) { drawShape(g, band, c.x[i] * scale, c.y[i] * scale, r); }
      }
      g.fill();
    }
    g.lineWidth = 2.5 * scale;                   // the stations stay visible through the crowd
    map.stations.forEach(function (st) { g.strokeStyle = LINE_COLOURS[st.line] || "#0b0c0c"; stationShape(g, st, scale); g.stroke(); });
    g.font = v.labelFont;                        // names on top, with a white halo
    g.textAlign = "center";
    g.lineJoin = "round";
    g.lineWidth = 4;
    g.strokeStyle = "rgba(255,255,255,0.9)";
    g.fillStyle = "#0b0c0c";
    v.labels.forEach(function (lines) {
      lines.forEach(function (l) { g.strokeText(l[0], l[1], l[2]); g.fillText(l[0], l[1], l[2]); });
    });
    g.font = "bold " + Math.max(11, Math.round(14 * scale)) + "px Arial, sans-serif";
    g.textAlign = "left";
    for (s = 0; s < map.stations.length; s++) {  // the count at each station
      var st = map.stations[s], text = String(c.counts[s]);
      var x = (st.x + 16) * scale, y = st.y * scale + (st.y < 200 ? 22 : -12) * scale, w = g.measureText(text).width;
      g.fillStyle = "rgba(255,255,255,0.85)";
      g.fillRect(x - 3, y - 13 * scale, w + 6, 17 * scale);
      g.fillStyle = "#0b0c0c";
      g.fillText(text, x, y);
    }
    g.font = Math.max(11, Math.round(15 * scale)) + "px Arial, sans-serif";
    g.fillText(showDay(Math.floor(t)) + (compare ? "  " + (v.which === "a" ? "First cohort" : "Second cohort") : ""),
               12 * scale, 24 * scale);
  }

  function showCounts(v) {
    var keys = state.model.keys;
    for (var s = 0; s < keys.length; s++) {
      var cell = v.table && v.table.querySelector('[data-count="' + keys[s] + '"]');
      if (cell) { cell.textContent = String(v.cohort.counts[s]); }
    }
  }

  function render(now) {
    var started = performance.now(), day = Math.floor(state.t);
    state.views.forEach(function (v) { v.cohort.update(state.t, JITTER); draw(v, state.t); });
    state.renderMs = performance.now() - started;
    state.frames++;
    if (!state.playing || (now || started) - state.listShownAt > 400) {   // the text, a few times a second
      state.views.forEach(showCounts);
      state.listShownAt = now || started;
      slider.value = String(Math.min(state.last, Math.max(state.first, day)));
      slider.setAttribute("aria-valuetext", showDay(day));
      dateText.textContent = showDay(day);
    }
  }

  // -- playing ----------------------------------------------------------------------------------
  function frame(ts) {
    if (!state.playing) { return; }
    if (state.lastTs !== null) { state.t += (ts - state.lastTs) / 1000 * state.speed; }
    state.lastTs = ts;
    if (state.t >= state.last + state.model.sample) { state.t = state.last + state.model.sample; pause(); }
    render(ts);
    if (state.playing) { window.requestAnimationFrame(frame); }
  }

  function play() {
    if (state.t >= state.last + state.model.sample - 0.01) { state.t = state.first + state.model.sample; }
    state.playing = true;
    state.lastTs = null;
    playButton.textContent = "Pause";
    playButton.setAttribute("aria-pressed", "true");
    window.requestAnimationFrame(frame);
  }

  function pause() {
    state.playing = false;
    playButton.textContent = "Play";
    playButton.setAttribute("aria-pressed", "false");
    render();
  }

  function setDay(day) { state.t = day + state.model.sample; render(); }

  // -- what happens next at a station -------------------------------------------------------------
  // the server rounds (half up, as DfE does); these only write the figures
  function percent(value) { return value === null || value === undefined ? "" : value.toFixed(1) + "%"; }
  function days(value) { return value === null || value === undefined ? "" : value.toString(); }

  function cell(tag, text, numeric) {
    var element = document.createElement(tag);
    if (tag === "th") { element.scope = "row"; }
    if (numeric) { element.className = "numeric"; }
    element.textContent = text;
    return element;
  }

  function showStation(key, which) {
    var v = viewOf(which);
    v.conversions = v.conversions || fetchJson(api("/api/journeys/conversions", v.which));
    v.conversions.then(function (data) {
      var s = data.stations[key], title = detail.querySelector("h3"), table, body;
      detail.innerHTML = "";
      detail.appendChild(title);
      title.textContent = "What happens next: " + s.label + (compare ? " (" + (v.which === "a" ? "first" : "second") + " cohort)" : "");
      detail.appendChild(cell("p", s.arrivals + " arrivals at " + s.label.toLowerCase() + " between " + showDay(dayOf(data.start)) +
        " and " + showDay(dayOf(data.end)) + ". Days are from arriving here to arriving at the next station."));
      if (s.onward.length) {
        table = document.createElement("table");
        table.className = "table";
        table.innerHTML = "<thead><tr><th scope='col'>Next</th><th scope='col' class='numeric'>Arrivals</th>" +
          "<th scope='col' class='numeric'>Share</th><th scope='col' class='numeric'>Median days</th>" +
          "<th scope='col' class='numeric'>90th percentile days</th></tr></thead>";
        body = document.createElement("tbody");
        s.onward.forEach(function (o) {
          var row = document.createElement("tr");
          row.appendChild(cell("th", o.label));
          [String(o.arrivals), percent(o.percent), days(o.median_days), days(o.p90_days)].forEach(function (text) {
            row.appendChild(cell("td", text, true));
          });
          body.appendChild(row);
        });
        table.appendChild(body);
        detail.appendChild(table);
      }
      detail.focus();
    }).catch(function (error) { statusText.textContent = "Could not load what happens next: " + error.message; });
  }

  function stationAt(v, event) {
    var box = v.canvas.getBoundingClientRect(), map = state.model.map, scale = box.width / map.width;
    var x = (event.clientX - box.left) / scale, y = (event.clientY - box.top) / scale, best = -1, nearest = 35;
    map.stations.forEach(function (s, i) {
      var distance = Math.hypot(s.x - x, s.y - y);
      if (distance < nearest) { best = i; nearest = distance; }
    });
    return best;
  }

  // -- set up ---------------------------------------------------------------------------------------
  function fetchJson(url) {
    return fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}}).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) { throw new Error(body.error || response.statusText); }
        return body;
      });
    });
  }

  function viewOf(which) { return state.views.filter(function (v) { return v.which === (which || "a"); })[0]; }

  function sizeCanvas(v) {
    var map = state.model.map, width = Math.max(320, Math.round(v.canvas.parentNode.clientWidth || map.width));
    v.canvas.width = width;
    v.canvas.height = Math.round(width * map.height / map.width);
    drawBackground(v);
  }

  function stillOf(v) {
    render();
    v.canvas.toBlob(function (blob) {
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = "carepath-journeys-" + (compare ? v.which + "-" : "") + isoOf(Math.floor(state.t)) + ".png";
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
    }, "image/png");
  }

  function start(payloads) {
    state.model = new models.Model(payloads[0].map);
    state.views = payloads.map(function (p, i) { return new View(state.model.cohort(i === 0 ? "a" : "b", p)); });
    state.first = payloads[0].cohort.start_day;
    state.last = payloads[0].cohort.end_day;
    state.t = state.first + state.model.sample;
    slider.min = String(state.first);
    slider.max = String(state.last);
    slider.disabled = false;
    playButton.disabled = false;
    state.views.forEach(function (v) {
      var caption = document.getElementById("journey-cohort-" + v.which);
      if (caption) { caption.textContent = v.cohort.n.toLocaleString("en-GB") + " children: " + v.cohort.description; }
      sizeCanvas(v);
      v.canvas.addEventListener("click", function (event) {
        var s = stationAt(v, event);
        if (s >= 0) { showStation(state.model.keys[s], v.which); }
      });
    });
    render();
    statusText.textContent = state.views.map(function (v) { return v.cohort.n.toLocaleString("en-GB") + " children"; })
      .join(" and ") + " on the map. Press Play, or move the date.";
    root.setAttribute("data-ready", "true");
  }

  playButton.addEventListener("click", function () { if (state.playing) { pause(); } else { play(); } });
  speedSelect.addEventListener("change", function () { state.speed = Number(speedSelect.value); });
  state.speed = Number(speedSelect.value);
  slider.addEventListener("input", function () { if (state.playing) { pause(); } setDay(Number(slider.value)); });
  root.querySelectorAll("button[data-station]").forEach(function (button) {
    button.addEventListener("click", function () { showStation(button.getAttribute("data-station"), button.getAttribute("data-which")); });
  });
  root.querySelectorAll("button[data-still]").forEach(function (button) {
    button.addEventListener("click", function () { var v = viewOf(button.getAttribute("data-still")); if (v) { stillOf(v); } });
  });
  window.addEventListener("resize", function () { if (state.model) { state.views.forEach(sizeCanvas); render(); } });

  var ready = Promise.all((compare ? ["a", "b"] : ["a"]).map(function (which) {
    return fetchJson(api("/api/journeys/data", which));
  })).then(start).catch(function (error) {
    statusText.textContent = "The journeys could not be loaded: " + error.message;
    root.setAttribute("data-ready", "error");
    throw error;
  });

  window.carepathJourneys = {
    ready: ready,
    // the dots this page places at each station at the end of a date (the placing that draws them)
    countsAt: function (iso, which) {
      var c = viewOf(which).cohort;
      return state.model.asObject(c.countAt(dayOf(iso) + state.model.sample));
    },
    // move the map to a date (as the date control does) and return the counts it now draws
    setDate: function (iso) { if (state.playing) { pause(); } setDay(dayOf(iso)); return this.displayedCounts("a"); },
    displayedCounts: function (which) { return state.model.asObject(viewOf(which).cohort.counts); },
    children: function (which) { return viewOf(which).cohort.n; },
    // play for a while: the frame rate, and the time the page's own drawing takes a frame
    measureFps: function (milliseconds) {
      return new Promise(function (resolve) {
        var before = state.frames, total = 0, samples = 0, began = performance.now();
        var watch = setInterval(function () { total += state.renderMs; samples++; }, 50);
        state.speed = 30;
        play();
        setTimeout(function () {
          var elapsed = (performance.now() - began) / 1000, frames = state.frames - before;
          clearInterval(watch);
          pause();
          resolve({fps: frames / elapsed, frames: frames, seconds: elapsed, renderMs: total / Math.max(1, samples),
                   children: state.views.reduce(function (n, v) { return n + v.cohort.n; }, 0)});
        }, milliseconds || 3000);
      });
    },
    still: function (which) { return viewOf(which).canvas.toDataURL("image/png"); }
  };
})();
