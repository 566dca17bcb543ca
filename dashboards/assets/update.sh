#!/bin/sh
# update.sh refreshes the embedded third-party assets from their npm packages:
# dashboards/assets/echarts.min.js = npm echarts@$ECHARTS_VERSION dist/echarts.min.js.
# Run it from anywhere (needs npm and tar); commit the result. The binary embeds these files
# and serves them under a content-hash URL, so the pages work with the network cut.
set -eu
ECHARTS_VERSION=${ECHARTS_VERSION:-5.6.0}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent "echarts@$ECHARTS_VERSION" >/dev/null
tar xzf "echarts-$ECHARTS_VERSION.tgz" package/dist/echarts.min.js package/LICENSE
cp package/dist/echarts.min.js "$here/echarts.min.js"
cp package/LICENSE "$here/echarts.LICENSE"
echo "echarts $ECHARTS_VERSION -> $here/echarts.min.js ($(wc -c <"$here/echarts.min.js") bytes)"
