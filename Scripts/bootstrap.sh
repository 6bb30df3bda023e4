#!/usr/bin/env bash
# Installs what building newsclean needs beyond the Swift toolchain: PCRE2 (Debian/Ubuntu: libpcre2-dev).
set -euo pipefail
if pkg-config --exists libpcre2-8 zlib 2>/dev/null && [ -f "$(pkg-config --variable=includedir libpcre2-8)/pcre2.h" ]; then
    exit 0
fi
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y libpcre2-dev zlib1g-dev pkg-config
