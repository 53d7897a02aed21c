#!/usr/bin/env bash
# Refresh the vendored map assets from npm: Leaflet's built files, Syria's outline from
# world-atlas (Natural Earth, 1:10m) and the governorate seats from athar.places.
# Usage (from the repository root): bash athar/web/static/vendor/refresh.sh
# Needs node and npm; the versions below are the ones recorded in README.md.
set -euo pipefail
LEAFLET=1.9.4
WORLD_ATLAS=2.0.2
TOPOJSON_CLIENT=3.1.0
here="$(cd "$(dirname "$0")" && pwd)"
geo="$here/../geo"
repo="$(cd "$here/../../../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm init -y >/dev/null
npm install --silent --no-audit --no-fund \
  "leaflet@$LEAFLET" "world-atlas@$WORLD_ATLAS" "topojson-client@$TOPOJSON_CLIENT" >/dev/null

rm -rf "$here/leaflet"
mkdir -p "$here/leaflet/images" "$geo"
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map \
  node_modules/leaflet/dist/leaflet.css "$here/leaflet/"
cp node_modules/leaflet/dist/images/*.png "$here/leaflet/images/"
cp node_modules/leaflet/LICENSE "$here/leaflet/LICENSE"

# Syria is ISO 3166-1 numeric 760 in world-atlas; coordinates rounded to 4 decimals (~10 m).
node -e '
const topo = require("topojson-client");
const world = require("world-atlas/countries-10m.json");
const all = topo.feature(world, world.objects.countries);
const syria = all.features.filter((f) => f.id === "760");
if (syria.length !== 1) { console.error("Syria (760) not found in world-atlas"); process.exit(1); }
const round = (c) => Array.isArray(c[0]) ? c.map(round) : [Math.round(c[0] * 1e4) / 1e4, Math.round(c[1] * 1e4) / 1e4];
const f = syria[0];
const out = {
  type: "FeatureCollection",
  features: [{
    type: "Feature",
    id: "SYR",
    properties: {
      iso_n3: "760", name_en: "Syria", name_ar: "سوريا",
      source: "Natural Earth 1:10m via npm world-atlas@'"$WORLD_ATLAS"' (public domain)",
    },
    geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) },
  }],
};
process.stdout.write(JSON.stringify(out) + "\n");
' > "$geo/syria.geojson"

# Governorate seats as points: no npm or PyPI package here holds Syria's governorate polygons.
"$repo/.venv/bin/python" -m athar.stats.geo governorates > "$geo/governorates.geojson"
echo "refreshed: leaflet $LEAFLET, world-atlas $WORLD_ATLAS (topojson-client $TOPOJSON_CLIENT)"
