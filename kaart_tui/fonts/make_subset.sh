#!/bin/sh
# Rebuild the font subsets in this folder from the DejaVu fonts of the system
# (Debian/Ubuntu: fonts-dejavu-core). Needs fontTools (pip install fonttools).
set -e
SRC=${1:-/usr/share/fonts/truetype/dejavu}
HERE=$(dirname "$0")
TEXT="U+0020-007E,U+00A0-024F,U+02B0-02FF,U+0300-036F,U+0370-03FF,U+0400-04FF,U+1E00-1EFF,U+2000-206F,U+20A0-20CF,U+FB00-FB06,U+FFFD"
SYM="U+2190-21FF,U+2212,U+2260,U+2264,U+2265,U+221E,U+2248,U+25A0-25FF,U+2600-26FF,U+2700-27BF,U+1F600-1F64F,U+2116,U+2122"
OPTS="--layout-features=kern --name-IDs=* --name-legacy --notdef-outline --no-hinting --desubroutinize"
pyftsubset "$SRC/DejaVuSansCondensed.ttf" --unicodes="$TEXT,$SYM" $OPTS \
    --output-file="$HERE/DejaVuSansCondensed.ttf"
pyftsubset "$SRC/DejaVuSansCondensed-Bold.ttf" --unicodes="$TEXT" $OPTS \
    --output-file="$HERE/DejaVuSansCondensed-Bold.ttf"
