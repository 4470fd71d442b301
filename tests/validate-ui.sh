#!/bin/sh
# validate-ui.sh FILE.ui: check a GtkBuilder file with gtk4-builder-tool,
# libadwaita preloaded (otherwise the tool knows only GTK's types: "Invalid
# object type 'AdwHeaderBar'"). Needs a display: run it under
# run-headless.sh (the tests do).
#
# The tool cannot check a <template> as it is: it looks the parent type up
# by name, and a type nothing has used yet is not registered ("Failed to
# lookup template parent type AdwApplicationWindow"). So a template is
# checked as a plain object of its parent class whose id is the template's
# class name: every property, child, style class and menu is checked the
# same way, and <lookup>s and bind-source that name the template still
# resolve. What this cannot check is anything of Roster's own types (a
# child of class RosterSomething, a type="Roster…" lookup) or a template
# callback: such files are left to the widget tests, which build them for
# real under G_DEBUG=fatal-warnings (tests/app/meson.build says which).
set -eu
file=$1
tmp=$(mktemp "${TMPDIR:-/tmp}/validate-ui.XXXXXX")
trap 'rm -f "$tmp"' EXIT
# Roster's own widgets used inside templates are checked as the GTK type
# that has the same properties: a RosterWrapBox (no properties of its own)
# as a GtkBox.
sed -e 's|<template class="\([^"]*\)" parent="\([^"]*\)"|<object class="\2" id="\1"|' \
    -e 's|</template>|</object>|' \
    -e 's|<object class="RosterWrapBox"|<object class="GtkBox"|' "$file" >"$tmp"
# sed keeps the lines, so the tool's line numbers are the file's own.
if ! LD_PRELOAD=libadwaita-1.so.0 gtk4-builder-tool validate "$tmp"; then
  echo "validate-ui: $file is not valid (the line numbers above are its own)" >&2
  exit 1
fi
