#!/usr/bin/env bash
# Proves Allot is usable as a versioned dependency (no unsafeFlags): builds a tiny package
# that depends on this repository by git URL, at the current commit.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
swift="${SWIFT:-swift}"
revision="$(git -C "$repo" rev-parse HEAD)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A plain clone, so that the URL names an ordinary git repository even when this checkout
# is a linked worktree.
git clone --quiet --no-checkout "$repo" "$work/Allot"
mkdir -p "$work/consumer/Sources/consumer"
cat > "$work/consumer/Package.swift" <<MANIFEST
// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "consumer",
  dependencies: [.package(url: "file://$work/Allot", revision: "$revision")],
  targets: [
    .executableTarget(name: "consumer", dependencies: [.product(name: "Allot", package: "Allot")])
  ]
)
MANIFEST
cat > "$work/consumer/Sources/consumer/main.swift" <<'SOURCE'
import Allot

let points = Matrix<Float>(rows: 4, columns: 1, elements: [0, 1, 10, 11])
let result = try KMeans.fit(points, options: KMeansOptions(clusters: 2, initialization: .random))
print("consumer: k-means inertia", result.inertia)
SOURCE
echo "check-dependency: building a package that depends on Allot at $revision"
(cd "$work/consumer" && "$swift" build -c release >/dev/null && "$swift" run -c release consumer)
