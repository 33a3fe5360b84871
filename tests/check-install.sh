#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the build into a temporary DESTDIR, then builds and runs programs
# against what was installed there, through pkg-config alone: one with
# <certview.h> (certview-1), one with <certview-gtk.h> (certview-gtk-1), and
# examples/gio-ftps-get.c, which downloads from the test's vsftpd; all three with
# -Wall -Wextra -Werror.
#
#   check-install.sh BUILD-DIR SOURCE-DIR
#
# Prints TAP.
set -eu

build_dir=$1
source_dir=$2
cc=${CC:-cc}
# The programs build as strictly as a user of the library may build them
strict="-Wall -Wextra -Werror"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
destdir=$work/destdir

n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
fail() { n=$((n + 1)); echo "not ok $n - $1"; echo "1..$n"; exit 1; }

meson install -C "$build_dir" --no-rebuild --destdir "$destdir" --quiet >"$work/install.log" 2>&1 ||
  { sed 's/^/# /' "$work/install.log"; fail "meson install --destdir"; }
ok "meson install --destdir"

pcdir=$(dirname "$(find "$destdir" -name certview-1.pc | head -n 1)")
[ -f "$pcdir/certview-1.pc" ] && [ -f "$pcdir/certview-gtk-1.pc" ] ||
  fail "certview-1.pc and certview-gtk-1.pc are installed"
ok "certview-1.pc and certview-gtk-1.pc are installed"

# The files name the prefix they are installed for; under DESTDIR it lies below it
prefix=$(PKG_CONFIG_PATH=$pcdir pkg-config --variable=prefix certview-1)
for pc in "$pcdir/certview-1.pc" "$pcdir/certview-gtk-1.pc"; do
  sed "s|^prefix=.*|prefix=$destdir$prefix|" "$pc" >"$work/$(basename "$pc")"
done
export PKG_CONFIG_PATH="$work"
libdir=$(pkg-config --variable=libdir certview-1)
includedir=$(pkg-config --variable=includedir certview-1)

[ -f "$includedir/certview-1/certview.h" ] && [ -f "$includedir/certview-1/certview-gtk.h" ] ||
  fail "the umbrella headers are installed"
ok "the umbrella headers are installed"

private=$(find "$includedir/certview-1" -name '*-private.h' -o -name 'cv-window*.h' \
            -o -name 'cv-demo-*.h' -o -name 'cv-cli*.h' -o -name 'cv-application.h' \
            -o -name 'cv-settings.h' -o -name 'cv-ftp-reply.h')
[ -z "$private" ] || fail "no private header is installed: $private"
ok "no private header is installed"

[ -e "$libdir/libcertview-1.so.0" ] && [ -e "$libdir/libcertview-gtk-1.so.0" ] ||
  fail "the libraries are installed with their sonames"
ok "the libraries are installed with their sonames"

# Nothing from the source or build tree: the include path is pkg-config's alone
# shellcheck disable=SC2046,SC2086
"$cc" $strict -o "$work/use-certview" "$source_dir/tests/installed/use-certview.c" \
  $(pkg-config --cflags --libs certview-1) >"$work/cc.log" 2>&1 ||
  { sed 's/^/# /' "$work/cc.log"; fail "a program with <certview.h> builds with -Wall -Wextra -Werror"; }
ok "a program with <certview.h> builds with -Wall -Wextra -Werror"

# The core's header is ISO C99 as well: no type is declared twice
"$cc" -std=c99 -pedantic $strict -fsyntax-only "$source_dir/tests/installed/use-certview.c" \
  $(pkg-config --cflags certview-1) >"$work/cc.log" 2>&1 ||
  { sed 's/^/# /' "$work/cc.log"; fail "<certview.h> compiles as ISO C99 (-std=c99 -pedantic)"; }
ok "<certview.h> compiles as ISO C99 (-std=c99 -pedantic)"

# shellcheck disable=SC2046,SC2086
"$cc" $strict -o "$work/use-certview-gtk" "$source_dir/tests/installed/use-certview-gtk.c" \
  $(pkg-config --cflags --libs certview-gtk-1) >"$work/cc.log" 2>&1 ||
  { sed 's/^/# /' "$work/cc.log"; fail "a program with <certview-gtk.h> builds with -Wall -Wextra -Werror"; }
ok "a program with <certview-gtk.h> builds with -Wall -Wextra -Werror"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
  -subj /CN=install.test.example -keyout "$work/key.pem" -out "$work/cert.pem" \
  >/dev/null 2>&1 || fail "openssl makes a self-signed certificate"

export LD_LIBRARY_PATH="$libdir"

# The installed programs: certview on the C library alone; the command line it
# loads (certview-cli.so) carries the core and links no GTK; certview-window runs
# on the installed libcertview-1 and libcertview-gtk-1
certview=$(find "$destdir" -path '*/bin/certview' -type f | head -n 1)
cli=$(find "$destdir" -name certview-cli.so -type f | head -n 1)
window=$(find "$destdir" -name certview-window -type f | head -n 1)
[ -n "$certview" ] && [ -n "$cli" ] && [ -n "$window" ] ||
  fail "certview, certview-cli.so and certview-window are installed"
# The installed certview looks for the module in the installed libexec directory,
# not below DESTDIR: load it as certview does and run its entry point
python3 - "$cli" >"$work/out" 2>&1 <<'PY' ||
import ctypes, sys
entry = ctypes.CDLL(sys.argv[1], mode=ctypes.RTLD_LOCAL).certview_cli_main
argv = (ctypes.c_char_p * 3)(b"certview", b"--version", None)
sys.stdout.flush()
sys.exit(entry(2, argv))
PY
  { sed 's/^/# /' "$work/out"; fail "the installed certview-cli.so runs --version"; }
sed 's/^/# /' "$work/out"
ok "the installed certview-cli.so runs --version"

readelf -d "$certview" >"$work/dynamic"
! grep 'NEEDED' "$work/dynamic" | grep -qv 'NEEDED.*\[libc\.so\.6\]' ||
  { sed 's/^/# /' "$work/dynamic"; fail "certview needs the C library alone"; }
ok "certview needs the C library alone"

# The module carries the core: with libcertview-1 beside it in one process, the
# core's types would be registered twice
readelf -d "$cli" >"$work/dynamic"
! grep -q 'NEEDED.*\[lib\(gtk\|gdk\|certview\)' "$work/dynamic" ||
  { sed 's/^/# /' "$work/dynamic"; fail "certview-cli.so needs no GTK and no libcertview"; }
! grep -q "R.*PATH.*$build_dir" "$work/dynamic" ||
  fail "certview-cli.so's run path leads into no build tree"
ldd "$cli" >"$work/ldd"
! grep -q 'libgtk\|libcertview' "$work/ldd" ||
  { sed 's/^/# /' "$work/ldd"; fail "certview-cli.so loads no GTK and no libcertview"; }
nm -D --defined-only "$cli" | awk '{ print $3 }' >"$work/exports"
[ "$(cat "$work/exports")" = certview_cli_main ] ||
  { sed 's/^/# /' "$work/exports"; fail "certview-cli.so exports certview_cli_main() alone"; }
ok "certview-cli.so carries the core, loads no GTK and exports certview_cli_main() alone"

readelf -d "$window" >"$work/dynamic"
grep -q 'NEEDED.*\[libcertview-gtk-1\.so\.0\]' "$work/dynamic" &&
  grep -q 'NEEDED.*\[libcertview-1\.so\.0\]' "$work/dynamic" ||
  fail "certview-window needs libcertview-gtk-1.so.0 and libcertview-1.so.0"
ldd "$window" >"$work/ldd"
grep -q "libcertview-gtk-1.so.0 => $libdir/libcertview-gtk-1.so.0" "$work/ldd" ||
  { sed 's/^/# /' "$work/ldd"; fail "certview-window loads the installed libcertview-gtk-1"; }
ok "certview-window loads the installed libcertview-gtk-1"

# D-Bus activation (the desktop file's DBusActivatable): the service file names the
# installed window program
dbus_service=$(find "$destdir" -path '*/dbus-1/services/io.github.certview.Certview.service' | head -n 1)
[ -n "$dbus_service" ] && grep -q "^Exec=${window#"$destdir"} --gapplication-service$" "$dbus_service" ||
  fail "the D-Bus service file runs the installed certview-window as a service"
ok "the D-Bus service file runs the installed certview-window as a service"
"$work/use-certview" "ftps://Install.Test.Example" "$work/cert.pem" >"$work/out" 2>&1 ||
  { sed 's/^/# /' "$work/out"; fail "the program runs"; }
sed 's/^/# /' "$work/out"
grep -qx 'target: ftps://install.test.example:990' "$work/out" &&
  grep -qx 'subject: install.test.example' "$work/out" &&
  grep -qx 'valid: no' "$work/out" &&
  grep -q '^reason: .* issued-by$' "$work/out" ||
  fail "it parses the target and finds the self-signed certificate invalid"
ok "it parses the target and finds the self-signed certificate invalid"

ldd "$work/use-certview" | grep -q "$libdir/libcertview-1.so.0" ||
  fail "it runs on the installed libcertview-1"
ok "it runs on the installed libcertview-1"

"$work/use-certview-gtk" >"$work/out" 2>&1 ||
  { sed 's/^/# /' "$work/out"; fail "the GTK program runs"; }
grep -qx 'CvCertificateView CvPromptDecision CvReport' "$work/out" ||
  fail "the GTK program sees the widget and the core's types"
ok "the GTK program sees the widget and the core's types"

# The GIO example, built as a program outside this tree would build it, downloads
# from a real vsftpd: refused without a display to ask on, then, with the
# certificate pinned in a private trust store, without asking
# shellcheck disable=SC2046,SC2086
"$cc" $strict -o "$work/gio-ftps-get" "$source_dir/examples/gio-ftps-get.c" \
  $(pkg-config --cflags --libs certview-gtk-1) >"$work/cc.log" 2>&1 ||
  { sed 's/^/# /' "$work/cc.log"; fail "examples/gio-ftps-get.c builds with certview-gtk-1 and -Wall -Wextra -Werror"; }
ok "examples/gio-ftps-get.c builds with certview-gtk-1 and -Wall -Wextra -Werror"
mkfifo "$work/server-out"
"$build_dir/tests/vsftpd-server" >"$work/server-out" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
{ read -r port; read -r served; } <"$work/server-out"
[ -n "$port" ] && [ -f "$served" ] || fail "the test's vsftpd starts"
store=$work/trust.db
status=0
env -u DISPLAY -u WAYLAND_DISPLAY "$work/gio-ftps-get" --trust-store "$store" localhost "$port" \
  data.bin "$work/data.bin" >"$work/out" 2>&1 || status=$?
sed 's/^/# /' "$work/out"
[ "$status" -eq 1 ] && [ ! -e "$work/data.bin" ] ||
  fail "an untrusted certificate and no display: exit 1, nothing written (exit $status)"
ok "an untrusted certificate and no display: exit 1, nothing written"
sha256=$("$build_dir/src/certview" --json "ftp://localhost:$port" 2>/dev/null |
         sed -n 's/^ *"sha256" *: *"\([0-9a-f:]*\)".*/\1/p' | head -n 1)
[ -n "$sha256" ] || fail "certview --json names the served certificate's SHA-256"
"$build_dir/src/certview" --trust-store "$store" --trust "ftp://localhost:$port" \
  --fingerprint "$sha256" >"$work/out" 2>&1 ||
  { sed 's/^/# /' "$work/out"; fail "certview --trust pins it"; }
env -u DISPLAY -u WAYLAND_DISPLAY "$work/gio-ftps-get" --trust-store "$store" localhost "$port" \
  data.bin "$work/data.bin" >"$work/out" 2>&1 ||
  { sed 's/^/# /' "$work/out"; fail "with the pinned certificate the file arrives"; }
cmp -s "$served" "$work/data.bin" || fail "with the pinned certificate the file arrives"
ok "with the pinned certificate the file arrives, without asking"
kill "$server"
wait "$server" 2>/dev/null || true

echo "1..$n"
