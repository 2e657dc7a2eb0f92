#!/bin/sh
# xml2c.sh - turn the meta-data XML into a C string (one source of truth)
# usage: xml2c.sh VERSION < postfix.xml > pf_metadata.c
set -eu
version=$1
printf '/* generated from metadata/postfix.xml by xml2c.sh: do not edit */\n'
printf 'const char pf_metadata_xml[] =\n'
sed -e "s/@PACKAGE_VERSION@/${version}/g" \
    -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$/\\n"/'
printf ';\n'
