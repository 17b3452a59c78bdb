/* carepath: the journey map's model. A cohort's timed stops (from /api/journeys/data) in typed
   arrays, and where each child is at any time: at a station, travelling between two (interpolated
   by elapsed time), or off the map; the children at each station; each child's colour band (its
   referrals in the 36 months up to the day). The rules are carepath.analysis.journeys_timeline's. */
(function () {
  "use strict";

  function dayOf(iso) { var p = iso.split("-"); return Date.UTC(+p[0], +p[1] - 1, +p[2]) / 86400000; }
  function isoOf(day) { return new Date(day * 86400000).toISOString().slice(0, 10); }
  function monthsBefore(day, months) {   // as DuckDB: 29 February minus 12 months is 28 February
    var d = new Date(day * 86400000);
    var index = d.getUTCFullYear() * 12 + d.getUTCMonth() - months;
    var year = Math.floor(index / 12), month = index - year * 12;
    var last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    return Date.UTC(year, month, Math.min(d.getUTCDate(), last)) / 86400000;
  }

  function Model(map) {
    this.map = map;
    this.keys = map.stations.map(function (s) { return s.key; });
    this.x = Float64Array.from(map.stations.map(function (s) { return s.x; }));
    this.y = Float64Array.from(map.stations.map(function (s) { return s.y; }));
    this.sample = map.rules.sample_offset;          // "on day d" = at d + 0.95, the end of the day
    this.bandMonths = map.rules.front_door_months;
  }

  Model.prototype.asObject = function (counts) {
    var found = {};
    for (var s = 0; s < counts.length; s++) { if (counts[s]) { found[this.keys[s]] = counts[s]; } }
    return found;
  };

  function Cohort(model, which, payload) {
    var n = payload.children, i;
    this.model = model;
    this.which = which;
    this.n = n;
    this.description = payload.cohort.description;
    this.stopStart = Int32Array.from(payload.stop_start);
    this.station = Uint8Array.from(payload.stop_station);
    this.arrive = Float64Array.from(payload.stop_arrive);
    this.depart = new Float64Array(payload.stop_depart.length);
    for (i = 0; i < payload.stop_depart.length; i++) {
      this.depart[i] = payload.stop_depart[i] === null ? Infinity : payload.stop_depart[i];
    }
    this.travels = Uint8Array.from(payload.stop_travels);
    this.referralStart = Int32Array.from(payload.referral_start);
    this.referralDay = Int32Array.from(payload.referral_day);
    this.offsetX = Float32Array.from(payload.offset_x);
    this.offsetY = Float32Array.from(payload.offset_y);
    this.x = new Float32Array(n);         // where each dot is drawn (map units), this frame
    this.y = new Float32Array(n);
    this.where = new Int16Array(n);       // its station, -1 travelling, -2 off the map
    this.band = new Uint8Array(n);
    this.bandDay = null;
    this.counts = new Int32Array(model.keys.length);
    this.spread = new Float64Array(model.keys.length);
    this.point = new Float64Array(2);
  }
  Model.prototype.cohort = function (which, payload) { return new Cohort(this, which, payload); };

  // Where child i is at time t (days since 1970-01-01): a station index (>= 0) when at a station, -1
  // when travelling between two, -2 when off the map; its position (before its offset) goes in this.point.
  Cohort.prototype.place = function (i, t) {
    var low = this.stopStart[i], high = this.stopStart[i + 1], a = low, b = high, mx = this.model.x, my = this.model.y;
    while (a < b) {
      var mid = (a + b) >> 1;
      if (this.arrive[mid] <= t) { a = mid + 1; } else { b = mid; }
    }
    var k = a - 1;
    if (k < low) { return -2; }
    var s = this.station[k];
    if (t < this.depart[k]) { this.point[0] = mx[s]; this.point[1] = my[s]; return s; }
    if (k + 1 < high && this.travels[k + 1]) {
      var s2 = this.station[k + 1], f = (t - this.depart[k]) / (this.arrive[k + 1] - this.depart[k]);
      this.point[0] = mx[s] + (mx[s2] - mx[s]) * f;
      this.point[1] = my[s] + (my[s2] - my[s]) * f;
      return -1;
    }
    return -2;
  };

  // The children at each station at time t, by the same placing as the drawing.
  Cohort.prototype.countAt = function (t) {
    var counts = new Int32Array(this.model.keys.length);
    for (var i = 0; i < this.n; i++) {
      var w = this.place(i, t);
      if (w >= 0) { counts[w]++; }
    }
    return counts;
  };

  // Place every dot for a frame. A crowded station spreads its dots wider (by the square root of
  // its crowd at the previous frame); each child keeps its own offset in that disc.
  Cohort.prototype.update = function (t, jitter) {
    var s, i;
    for (s = 0; s < this.spread.length; s++) { this.spread[s] = Math.min(55, jitter + 1.6 * Math.sqrt(this.counts[s])); }
    this.counts.fill(0);
    for (i = 0; i < this.n; i++) {
      var w = this.place(i, t), radius = w >= 0 ? this.spread[w] : jitter;
      this.where[i] = w;
      if (w >= -1) {
        this.x[i] = this.point[0] + this.offsetX[i] * radius;
        this.y[i] = this.point[1] + this.offsetY[i] * radius;
        if (w >= 0) { this.counts[w]++; }
      }
    }
    this.updateBands(Math.floor(t));
  };

  // Each child's referrals on or after the day 36 months before ``day`` and on or before it: 0..4 (4 or more).
  Cohort.prototype.updateBands = function (day) {
    if (this.bandDay === day) { return; }
    var from = monthsBefore(day, this.model.bandMonths);
    for (var i = 0; i < this.n; i++) {
      var count = 0;
      for (var r = this.referralStart[i]; r < this.referralStart[i + 1]; r++) {
        var d = this.referralDay[r];
        if (d >= from && d <= day) { count++; }
      }
      this.band[i] = count > 4 ? 4 : count;
    }
    this.bandDay = day;
  };

  window.carepathJourneyModel = {Model: Model, dayOf: dayOf, isoOf: isoOf, monthsBefore: monthsBefore};
})();
