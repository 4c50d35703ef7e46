#!/bin/sh
# skip.sh REASON - a test that cannot run here says why and skips (exit 77).
echo "SKIP: $1"
exit 77
