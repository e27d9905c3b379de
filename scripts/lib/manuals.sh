# The three Debian manuals of the evaluation sets (eval/manuals, eval/answers): installed, checked
# and ingested the same way by scripts/eval-retrieval and scripts/eval-answers. Sourced after
# lib/common.sh.

manual_nut_pdf=/usr/share/doc/nut-doc/pdf
manual_install_html=/usr/share/doc/installation-guide-amd64/en
manual_reference_html=/usr/share/debian-reference

# ensure_manuals: installs the packages; dies if the files are missing, warns on another version.
ensure_manuals() {
  apt_ensure nut-doc installation-guide-amd64 debian-reference-en
  # The questions quote these versions (Debian 12); another release's manuals may not hold the
  # quotes, and images that drop /usr/share/doc lack the files.
  local f p have
  for f in "$manual_nut_pdf/user-manual.pdf" "$manual_nut_pdf/FAQ.pdf" "$manual_install_html/ch05s01.html" \
      "$manual_reference_html/ch01.en.html"; do
    [ -f "$f" ] || die "$f is missing (is /usr/share/doc excluded by dpkg on this machine?)"
  done
  for p in "nut-doc 2.8.0-7" "installation-guide-amd64 20230508+deb12u1" "debian-reference-en 2.100"; do
    have=$(dpkg-query -W -f '${Version}' "${p%% *}")
    [ "$have" = "${p#* }" ] || say "warning: ${p%% *} is $have, the questions were written for ${p#* } (kb eval refuses quotes it cannot find)"
  done
}

# ingest_kb BIN DATA_DIR LABEL LOG ARGS...: `kb ingest ARGS --language en` into DATA_DIR (what is
# unchanged is skipped); its last line on stderr, the whole log if it fails.
ingest_kb() {
  local bin=$1 data=$2 label=$3 log=$4; shift 4
  say "$label"
  "$bin" kb ingest "$@" --language en --data-dir "$data" >"$log" 2>&1 || { cat "$log" >&2; die "ingesting ($label) failed"; }
  tail -n 1 "$log" >&2
}

# ingest_manuals BIN ROOT LABEL LOG: the manuals' knowledge bases ROOT/nut, ROOT/debian-install and
# ROOT/debian-reference with the current embedder.
ingest_manuals() {
  local bin=$1 root=$2 label=$3 log=$4
  ingest_kb "$bin" "$root/nut" "$label knowledge base nut" "$log" "$manual_nut_pdf/user-manual.pdf" "$manual_nut_pdf/FAQ.pdf"
  ingest_kb "$bin" "$root/debian-install" "$label knowledge base debian-install" "$log" "$manual_install_html"/*.html
  ingest_kb "$bin" "$root/debian-reference" "$label knowledge base debian-reference" "$log" "$manual_reference_html"/*.en.html
}
