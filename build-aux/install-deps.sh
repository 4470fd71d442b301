#!/bin/sh
# install-deps.sh: install the Debian 12 packages Roster needs to build, run
# and test. Idempotent, and fast when everything is already there. Works as
# root or through sudo.
set -eu

packages="
  build-essential meson ninja-build pkg-config gettext
  libglib2.0-dev libgtk-4-dev libgtk-4-bin libadwaita-1-dev
  libsoup-3.0-dev libjson-glib-dev libsecret-1-dev glib-networking
  libxml2-utils desktop-file-utils appstream
  xvfb xauth dbus gnome-keyring at-spi2-core
  imagemagick jq curl time fonts-cantarell
  flatpak-builder
"

missing=
for p in $packages; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$status" = installed ] || missing="$missing $p"
done

if [ -z "$missing" ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo=
elif command -v sudo >/dev/null 2>&1; then
  sudo=sudo
else
  echo "install-deps: these packages are missing and I am not root (no sudo):$missing" >&2
  exit 1
fi

echo "install-deps: installing$missing" >&2
$sudo apt-get update -q >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing >&2
