#!/usr/bin/env bash
# Builds the API documentation (the DocC catalogs of Newsclean, NewscleanRules and NewscleanBatch) with
# swiftlang/swift-docc-plugin, warnings as errors, as static websites under .build/docs/MODULE.
#
#   Scripts/docs.sh                  build all three (CI runs this)
#   python3 -m http.server -d .build/docs/Newsclean 8000
#   open http://localhost:8000/documentation/newsclean/
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .build/docs
rm -rf .build/docs/Newsclean .build/docs/NewscleanRules .build/docs/NewscleanBatch
for target in Newsclean NewscleanRules NewscleanBatch; do
    lower=$(echo "$target" | tr '[:upper:]' '[:lower:]')
    swift package --disable-sandbox --allow-writing-to-directory ".build/docs/$target" \
        generate-documentation --target "$target" --warnings-as-errors \
        --transform-for-static-hosting --output-path ".build/docs/$target" > "/tmp/newsclean-docc-$target.log" 2>&1 \
        || { grep -v "Invalid Exclude" "/tmp/newsclean-docc-$target.log" | tail -n 40; exit 1; }
    test -f ".build/docs/$target/documentation/$lower/index.html"
    echo "docs: .build/docs/$target/documentation/$lower/"
done
