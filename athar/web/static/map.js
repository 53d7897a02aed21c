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

  function facilityBlock(p, labels, lang) {
    var box = el("div", null, "popup-facility");
    box.appendChild(el("strong", lang === "ar" ? p.name_ar : p.name_en));
    box.appendChild(el("div", lang === "ar" ? p.name_en : p.name_ar, "muted"));
    box.appendChild(el("div", p.persons + " " + labels.persons + " · " + p.records + " " + labels.records));
    if (p.unlinked) { box.appendChild(el("div", p.unlinked + " " + labels.unlinked, "muted")); }
    if (p.last_date) { box.appendChild(el("div", labels.last + ": " + p.last_date)); }
    var acc = (labels.accuracies || {})[p.accuracy] || p.accuracy;
    box.appendChild(el("div", labels.accuracy + ": " + acc, "accuracy"));
    var names = (p.aliases || []).filter(function (a) { return a !== p.name_ar && a !== p.name_en; });
    if (names.length) {
      var shown = names.slice(0, 6).join(" · ") + (names.length > 6 ? " …" : "");
      box.appendChild(el("div", labels.aliases + ": " + shown, "aliases muted"));
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

  function facilitiesMap(node) {
    var labels = JSON.parse(node.dataset.labels || "{}");
    var lang = node.dataset.lang || "ar";
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
    getJSON(node.dataset.geojson).then(function (geo) {
      // biggest first, so small circles stay clickable on top
      var groups = groupByPoint(geo.features).sort(function (a, b) { return groupSize(b) - groupSize(a); });
      var bounds = [];
      groups.forEach(function (g) {
        var documented = g.members.some(function (p) { return p.records > 0; });
        var exact = g.members.every(function (p) { return p.accuracy === "exact_site"; });
        var classes = g.members.map(function (p) { return "facility-" + p.id; }).join(" ");
        L.circleMarker(g.latlng, {
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
          g.members.forEach(function (p) { box.appendChild(facilityBlock(p, labels, lang)); });
          return box;
        }, { maxHeight: 320 }).addTo(map);
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
          box.appendChild(el("strong", place.name));
          place.steps.forEach(function (s) {
            if (s.date) { box.appendChild(el("div", s.n + ": " + s.date)); }
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
