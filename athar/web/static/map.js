/* Athar's maps (Leaflet, vendored): the facilities map (#facility-map) and the small maps of a
   person's journey (#journey-map) and of one facility (#facility-spot). Offline by default: the
   base layer is Syria's outline shipped with the app; a tile server is used when configured
   (data-tile-url). Text from the registry is set with textContent, never as HTML. */
(function () {
  "use strict";

  var SYRIA = [35.0, 38.5];

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error(url + ": " + r.status); }
      return r.json();
    });
  }

  function baseMap(el) {
    var map = L.map(el, { zoomSnap: 0.25, attributionControl: true }).setView(SYRIA, 6.5);
    var tiles = el.dataset.tileUrl;
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 18, attribution: "" }).addTo(map);
    }
    if (el.dataset.base) {
      getJSON(el.dataset.base).then(function (geo) {
        var outline = L.geoJSON(geo, {
          style: { color: "#1f4e5f", weight: 1.5, fillColor: "#e3dcc8", fillOpacity: tiles ? 0.05 : 0.9 }
        }).addTo(map);
        outline.bringToBack();
      }).catch(function () { /* the outline is decoration: the markers still work */ });
    }
    return map;
  }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (cls) { node.className = cls; }
    return node;
  }

  /* A value isolated from the text around it (a date, a name in the other script): unisolated,
     a date in an Arabic line reads backwards (12-09-2021) and a list's separators stray. */
  function bdi(text, dir) {
    var node = el("bdi", text);
    if (dir) { node.dir = dir; }
    return node;
  }

  /* "label: value" with the value isolated. */
  function labelled(label, value, cls, dir) {
    var line = el("div", null, cls);
    line.appendChild(document.createTextNode(label + ": "));
    line.appendChild(bdi(value, dir));
    return line;
  }

  /* A count in the plural form its number takes in the page's language: the server gives every
     form by CLDR category (Arabic has six), Intl.PluralRules picks one. */
  function counter(forms, lang) {
    var rules = new Intl.PluralRules(lang);
    return function (key, n) {
      var byCategory = forms[key] || {};
      var form = byCategory[rules.select(n)] || byCategory.other || "%(num)d";
      return form.replace("%(num)d", String(n));
    };
  }

  function facilityBlock(p, labels, lang, count) {
    var box = el("div", null, "popup-facility");
    box.appendChild(el("strong", lang === "ar" ? p.name_ar : p.name_en));
    var other = el("div", lang === "ar" ? p.name_en : p.name_ar, "muted");
    other.dir = "auto";  // the other language's name, in its own direction
    box.appendChild(other);
    box.appendChild(el("div", count("persons", p.persons) + " · " + count("records", p.records)));
    if (p.unlinked) { box.appendChild(el("div", count("unlinked", p.unlinked), "muted")); }
    if (p.last_date) { box.appendChild(labelled(labels.last, p.last_date, "last-date", "ltr")); }
    var acc = (labels.accuracies || {})[p.accuracy] || p.accuracy;
    box.appendChild(el("div", labels.accuracy + ": " + acc, "accuracy"));
    var names = (p.aliases || []).filter(function (a) { return a !== p.name_ar && a !== p.name_en; });
    if (names.length) {
      var line = el("div", labels.aliases + ": ", "aliases muted");
      names.slice(0, 6).forEach(function (name, i) {
        if (i) { line.appendChild(document.createTextNode(" · ")); }
        line.appendChild(bdi(name));  // each name takes the direction of its own script
      });
      if (names.length > 6) { line.appendChild(document.createTextNode(" …")); }
      box.appendChild(line);
    }
    var link = el("a", labels.open);
    link.href = "/facilities/" + encodeURIComponent(p.id);
    link.className = "popup-link";
    box.appendChild(link);
    return box;
  }

  /* Facilities that share a point (the buildings of one prison) share one marker, and its popup
     lists each of them: stacked circles would hide all but the top one. */
  function groupByPoint(features) {
    var groups = {};
    var order = [];
    features.forEach(function (f) {
      var key = f.geometry.coordinates.join(",");
      if (!groups[key]) { groups[key] = []; order.push(key); }
      groups[key].push(f.properties);
    });
    return order.map(function (key) {
      var c = key.split(",").map(Number);
      var members = groups[key].sort(function (a, b) {
        return (b.persons + b.unlinked) - (a.persons + a.unlinked) || (a.id < b.id ? -1 : 1);
      });
      return { latlng: [c[1], c[0]], members: members };
    });
  }

  function groupSize(g) {
    return g.members.reduce(function (n, p) { return n + p.persons + p.unlinked; }, 0);
  }

  function radius(n) {
    return 5 + 2.5 * Math.sqrt(n);
  }

  /* A circle marker reachable by keyboard and named for screen readers: Tab reaches it, Enter
     or Space opens its popup (Leaflet gives only icon markers a keyboard). */
  function focusable(marker, name) {
    var path = marker.getElement();
    if (!path) { return; }
    path.setAttribute("tabindex", "0");
    path.setAttribute("role", "button");
    path.setAttribute("aria-label", name);
    path.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        marker.openPopup();
        var link = marker.getPopup().getElement().querySelector("a.popup-link");
        if (link) { link.focus(); }
      }
    });
  }

  function facilitiesMap(node) {
    var labels = JSON.parse(node.dataset.labels || "{}");
    var lang = node.dataset.lang || "ar";
    var count = counter(labels.counts || {}, lang);
    var map = baseMap(node);
    if (node.dataset.governorates) {
      getJSON(node.dataset.governorates).then(function (geo) {
        L.geoJSON(geo, {
          pointToLayer: function (f, latlng) {
            return L.circleMarker(latlng, { radius: 2, color: "#8a8577", weight: 1, fillOpacity: 1 })
              .bindTooltip(lang === "ar" ? f.properties.name_ar : f.properties.name_en,
                           { direction: "top", className: "gov-label" });
          }
        }).addTo(map);
      }).catch(function () {});
    }
    // the facilities come with the page, counted once with its table (data-facilities)
    Promise.resolve(JSON.parse(node.dataset.facilities || '{"features": []}')).then(function (geo) {
      // biggest first, so small circles stay clickable on top
      var groups = groupByPoint(geo.features).sort(function (a, b) { return groupSize(b) - groupSize(a); });
      var bounds = [];
      groups.forEach(function (g) {
        var documented = g.members.some(function (p) { return p.records > 0; });
        var exact = g.members.every(function (p) { return p.accuracy === "exact_site"; });
        var classes = g.members.map(function (p) { return "facility-" + p.id; }).join(" ");
        var marker = L.circleMarker(g.latlng, {
          radius: radius(groupSize(g)),
          color: documented ? "#7a1f1f" : "#5b6770",
          weight: 1.5,
          dashArray: exact ? null : "3 3",
          fillColor: documented ? "#b33a3a" : "#9aa5ad",
          fillOpacity: documented ? 0.55 : 0.3,
          className: "facility-marker " + classes
        }).bindPopup(function () {
          var box = el("div", null, "popup");
          box.dir = lang === "ar" ? "rtl" : "ltr";
          g.members.forEach(function (p) { box.appendChild(facilityBlock(p, labels, lang, count)); });
          return box;
        }, { maxHeight: 320 }).addTo(map);
        focusable(marker, g.members.map(function (p) {
          return (lang === "ar" ? p.name_ar : p.name_en) + ": " + count("persons", p.persons);
        }).join("; "));
        bounds.push(g.latlng);
      });
      node.dataset.loaded = String(geo.features.length);
      if (bounds.length) { map.fitBounds(L.latLngBounds(bounds), { padding: [20, 20], maxZoom: 8 }); }
    });
  }

  /* A journey's places in order, joined by a dashed line; a place visited more than once is one
     marker labelled with every step that took the person there ("1 · 3"). */
  function pointsMap(node) {
    var points = JSON.parse(node.dataset.points || "[]");
    var map = baseMap(node);
    var latlngs = [];
    var places = {};
    var order = [];
    points.forEach(function (p, i) {
      var key = p.lat + "," + p.lon;
      latlngs.push([p.lat, p.lon]);
      if (!places[key]) { places[key] = { at: [p.lat, p.lon], name: p.name, steps: [] }; order.push(key); }
      places[key].steps.push({ n: i + 1, date: p.date });
    });
    if (latlngs.length > 1) {
      L.polyline(latlngs, { color: "#1f4e5f", weight: 2, dashArray: "6 4" }).addTo(map);
    }
    order.forEach(function (key) {
      var place = places[key];
      var label = points.length > 1
        ? place.steps.map(function (s) { return String(s.n); }).join(" · ")
        : place.name;
      L.circleMarker(place.at, { radius: 7, color: "#7a1f1f", fillColor: "#b33a3a", fillOpacity: 0.8, weight: 1.5 })
        .bindTooltip(label, { permanent: true, direction: "right", className: "step-label" })
        .bindPopup(function () {
          var box = el("div", null, "popup");
          box.dir = document.documentElement.dir || "ltr";
          box.appendChild(el("strong", place.name));
          place.steps.forEach(function (s) {
            if (s.date) { box.appendChild(labelled(String(s.n), s.date, null, "ltr")); }
          });
          return box;
        })
        .addTo(map);
    });
    if (latlngs.length) { map.fitBounds(L.latLngBounds(latlngs).pad(0.3), { maxZoom: 11 }); }
    node.dataset.loaded = String(points.length);
  }

  function start() {
    if (typeof L === "undefined") { return; }
    var big = document.getElementById("facility-map");
    if (big) { facilitiesMap(big); }
    ["journey-map", "facility-spot"].forEach(function (id) {
      var node = document.getElementById(id);
      if (node) { pointsMap(node); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
