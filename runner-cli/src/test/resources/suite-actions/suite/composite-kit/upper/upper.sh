#!/bin/sh
echo "v=$(echo "$1" | tr a-z A-Z)" >> "$GITHUB_OUTPUT"
