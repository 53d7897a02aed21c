#!/bin/sh
# Re-vendor the front-end packages named in package.json: install them from npm into a scratch
# folder and copy only the built files Athar serves. Run from anywhere; commit what changes.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$work/"
(cd "$work" && npm install --silent --no-audit --no-fund --ignore-scripts)
nm="$work/node_modules"
rm -rf "$here/htmx" "$here/fonts" "$here/swagger-ui"
mkdir -p "$here/htmx" "$here/fonts" "$here/swagger-ui"
cp "$nm/htmx.org/dist/htmx.min.js" "$nm/htmx.org/LICENSE" "$here/htmx/"
for weight in 400 700; do
  for subset in arabic latin; do
    cp "$nm/@fontsource/noto-naskh-arabic/files/noto-naskh-arabic-$subset-$weight-normal.woff2" "$here/fonts/"
  done
done
cp "$nm/@fontsource/noto-naskh-arabic/LICENSE" "$here/fonts/OFL.txt"
cp "$nm/swagger-ui-dist/swagger-ui-bundle.js" "$nm/swagger-ui-dist/swagger-ui.css" "$nm/swagger-ui-dist/LICENSE" "$here/swagger-ui/"
(cd "$work" && npm ls --depth=0) | tail -n +2 > "$here/VERSIONS.txt"
echo "vendored into $here"
