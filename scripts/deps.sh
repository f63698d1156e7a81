#!/usr/bin/env bash
# Installs the Debian packages Parvis needs that are missing (one list,
# printed before installing; sudo when not root), then the npm packages of
# the browser tests. Safe to run again: it does nothing when all is there.
set -euo pipefail
cd "$(dirname "$0")/.."

# antiword, catdoc (xls2csv, catppt), unrtf: the indexer's readers of legacy
# Word, Excel, PowerPoint and RTF files, run as children; libgmime: e-mail.
# libarchive-tools: bsdtar, which the tests use to build zip, tar and 7z
# files; clang: libFuzzer, for the fuzz targets; debian-reference-fr/-en:
# real manuals (HTML, PDF, text) the search tests upload; xapian-omega:
# omindex, which the search benchmark compares the indexer with; zip
# (EPUB and OpenDocument files the tests build: bsdtar's extra fields hide
# an EPUB from libmagic), qpdf (an encrypted PDF), poppler-utils
# (pdftotext: the phrases the corpus test looks for, PDFs for omindex);
# libutf8proc: names kept in Unicode's composed form (NFC).
PACKAGES=(
  build-essential pkg-config g++
  nginx-light libnginx-mod-nchan libnginx-mod-http-brotli-static
  mariadb-server mariadb-client libmariadb-dev
  libfcgi-dev libjansson-dev libsodium-dev libmd4c-dev libmd4c-html0-dev
  libxapian-dev xapian-tools libmagic-dev libarchive-dev libxml2-dev libpoppler-cpp-dev libssl-dev
  chromium wrk curl
  antiword catdoc unrtf libgmime-3.0-dev
  libarchive-tools clang debian-reference-fr debian-reference-en xapian-omega
  zip qpdf poppler-utils
  libutf8proc-dev
  libcurl4-openssl-dev python3-aiosmtpd python3-icalendar
  # the PDF « Accusés de réception » of convocations (lib/receipts_pdf.c)
  libcairo2-dev fonts-dejavu-core
  # libgsf: OLE files read by the indexer (indexer/extract_ole.c: PowerPoint's
  # text, Outlook .msg, protected Office files); 7zip: 7zz, which the
  # readers' unit test uses for 7z archives with a password
  libgsf-1-dev 7zip
  # recollcmd: Recoll's indexer, which make bench-coverage compares the
  # readers with (words found per format; bench/coverage.sh), with the
  # Python modules its pptx and 7z helpers need (python3-lxml, -py7zr)
  recollcmd python3-lxml python3-py7zr
  # the indexer's text (docs/search.md): libuchardet finds the charset of a
  # text or HTML file that is not UTF-8; Tesseract (with Leptonica, and the
  # French and English models) reads scanned PDFs and images (OCR)
  libuchardet-dev libtesseract-dev libleptonica-dev tesseract-ocr-fra tesseract-ocr-eng
  # python3-cairo: the OCR test renders its "scans" (tests/fixtures/render_scan.py)
  python3-cairo
  # previews (docs/previews.md): libvips makes thumbnails and avatars,
  # LibreOffice headless converts office files to PDF, ffmpegthumbnailer
  # takes a video's poster frame; ffmpeg makes the tests' videos
  libvips-dev libvips-tools libheif-dev
  libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui
  ffmpegthumbnailer ffmpeg
  # integrations (docs/integrations.md): libcjose checks OpenID Connect
  # tokens against the provider's JWKS; libldap syncs a directory, and the
  # tests start a real OpenLDAP (slapd, ldap-utils)
  libcjose-dev libldap-dev slapd ldap-utils
)
# Node.js may come from elsewhere than Debian (NodeSource bundles npm and
# conflicts with Debian's npm package): ask for the commands, not packages.
command -v node >/dev/null 2>&1 || PACKAGES+=(nodejs)
command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "parvis: installing missing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  # Parvis runs its own private nginx and MariaDB under var/; the system
  # services the packages may start are not used.
  $SUDO apt-get install -y -q "${missing[@]}"
fi

# npm ci again when the lock file changed since the last install (a package
# added by an upgrade: oidc-provider, ajv, swagger-ui-dist...)
stale() { [ ! -f "$1/node_modules/.package-lock.json" ] || [ "$1/package-lock.json" -nt "$1/node_modules/.package-lock.json" ]; }
if [ ! -d tests/node_modules/playwright-core ] || [ ! -d tests/node_modules/axe-core ] || stale tests; then
  echo "parvis: installing the browser-test packages (npm ci in tests/)"
  (cd tests && npm ci --no-audit --no-fund --loglevel=error)
fi
# the browser application's build (web/build.mjs: Rollup and esbuild,
# pinned in web/package-lock.json; docs/delivery.md)
if [ ! -x web/node_modules/.bin/rollup ] || [ ! -x web/node_modules/.bin/esbuild ] || stale web; then
  echo "parvis: installing the browser application's build tools (npm ci in web/)"
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi
