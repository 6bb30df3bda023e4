#!/usr/bin/env bash
# Builds the release tarball: a self-contained Linux binary of newsclean (the Swift runtime, Foundation, PCRE2 and
# zlib linked in statically; the bundled rule packs are compiled into it), its man page, shell completions, LICENSE,
# NOTICE and CHANGELOG, and a SHA-256 checksum file beside the tarball.
#
#   Scripts/release.sh [OUT_DIR]        (default: .build/dist)
#
# Prints the tarball's path on its last line. Fails if the binary depends on any shared library other than the C
# runtime's (libc, libm, libstdc++, libgcc_s, the dynamic loader), which every Linux distribution has.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=${1:-.build/dist}
mkdir -p "$out"
out=$(cd "$out" && pwd)

version=$(sed -n 's/^## \([0-9][0-9.]*\).*/\1/p' CHANGELOG.md | head -n 1)
name="newsclean-$version-linux-$(uname -m)"
echo "== newsclean $version -> $out/$name.tar.gz"

# Static PCRE2 and zlib: pkg-config files of our own whose library folder holds only the two archives, so that the
# system library targets' `-L... -lpcre2-8 -lz` resolve to the .a files (a linker takes a .so over a .a only within
# one folder). Headers still come from the system.
static="$root/.build/static-libs"
rm -rf "$static"
mkdir -p "$static/pkgconfig"
for lib in libpcre2-8 zlib; do
    libdir=$(pkg-config --variable=libdir "$lib")
    archive=$(pkg-config --libs-only-l "$lib" | sed 's/^ *-l\([^ ]*\).*/lib\1.a/')
    [ -f "$libdir/$archive" ] || { echo "release.sh: $libdir/$archive not found (install the -dev package)" >&2; exit 1; }
    ln -s "$libdir/$archive" "$static/$archive"
    sed "s#^libdir=.*#libdir=$static#" "$(pkg-config --variable=pcfiledir "$lib")/$lib.pc" > "$static/pkgconfig/$lib.pc"
done
export PKG_CONFIG_PATH="$static/pkgconfig"

swift build -c release --product newsclean --static-swift-stdlib
binary=$(swift build -c release --product newsclean --static-swift-stdlib --show-bin-path)/newsclean

echo "== shared libraries the binary needs (ldd)"
ldd "$binary" | tee "$out/ldd.txt"
if grep -vE '^\s*(linux-vdso|/lib.*/ld-linux|lib(c|m|stdc\+\+|gcc_s|dl|pthread|rt|util)\.so)' "$out/ldd.txt" | grep -q .; then
    echo "release.sh: the binary needs a shared library beyond the C runtime:" >&2
    grep -vE '^\s*(linux-vdso|/lib.*/ld-linux|lib(c|m|stdc\+\+|gcc_s|dl|pthread|rt|util)\.so)' "$out/ldd.txt" >&2
    exit 1
fi
"$binary" --version | grep -qx "$version" || { echo "release.sh: --version does not say $version" >&2; exit 1; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
dir="$stage/$name"
mkdir -p "$dir/bin" "$dir/share/man/man1" "$dir/share/bash-completion/completions" "$dir/share/zsh/site-functions" \
    "$dir/share/fish/vendor_completions.d"
cp "$binary" "$dir/bin/newsclean"
strip "$dir/bin/newsclean" 2>/dev/null || true
cp LICENSE NOTICE CHANGELOG.md "$dir/"
# The README's example article, to try the binary on (see NOTICE).
mkdir -p "$dir/example"
cp Rules/publishers/fixtures/timeslive.co.za/us-russia-syria-pact.input.txt \
    Rules/publishers/fixtures/timeslive.co.za/us-russia-syria-pact.expected.txt "$dir/example/"

echo "== man page (swift-argument-parser's generate-manual)"
mkdir -p "$stage/man"
swift build -c release --package-path .build/checkouts/swift-argument-parser --scratch-path .build/argument-parser-tools \
    --product generate-manual > /dev/null
.build/argument-parser-tools/release/generate-manual "$binary" --output-directory "$stage/man" \
    --authors "the newsclean maintainers" > /dev/null
cp "$stage"/man/newsclean.1 "$dir/share/man/man1/"

echo "== shell completions"
"$binary" --generate-completion-script bash > "$dir/share/bash-completion/completions/newsclean"
"$binary" --generate-completion-script zsh > "$dir/share/zsh/site-functions/_newsclean"
"$binary" --generate-completion-script fish > "$dir/share/fish/vendor_completions.d/newsclean.fish"

cat > "$dir/INSTALL" <<EOF
newsclean $version for Linux ($(uname -m)): no Swift, PCRE2 or zlib needed.

    sudo cp bin/newsclean /usr/local/bin/
    sudo cp share/man/man1/newsclean.1 /usr/local/share/man/man1/
    cp share/bash-completion/completions/newsclean ~/.local/share/bash-completion/completions/   # bash
    cp share/zsh/site-functions/_newsclean ~/.zfunc/                                           # zsh (on \$fpath)
    cp share/fish/vendor_completions.d/newsclean.fish ~/.config/fish/completions/               # fish

Try it on the example article (a TimesLIVE page as a scraper extracted it):

    bin/newsclean --url https://www.timeslive.co.za/news/world/2016-09-06-us-russia-syria-pact/ \\
        < example/us-russia-syria-pact.input.txt | diff example/us-russia-syria-pact.expected.txt - && echo same

The bundled rule packs are compiled into the binary. 'newsclean --help' and 'man newsclean' for the rest.
EOF

tar -C "$stage" --owner=0 --group=0 --sort=name -czf "$out/$name.tar.gz" "$name"
(cd "$out" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
cat "$out/$name.tar.gz.sha256"
echo "$out/$name.tar.gz"
