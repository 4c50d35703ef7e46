#!/usr/bin/env python3
"""embed-text.py SYMBOL INPUT OUTPUT - writes a C header holding INPUT's text
as `static const char SYMBOL[]` (used to embed the default profile's JSON in
seccompc-exec, for --report, beside its compiled filter)."""
import sys

symbol, src, dst = sys.argv[1:4]
text = open(src, encoding="utf-8").read()
data = text.encode("utf-8") + b"\0"
lines = [f"/* Generated from {src.split('/')[-1]} by tools/embed-text.py; do not edit. */",
         f"static const char {symbol}[] = {{"]
for i in range(0, len(data), 16):
    lines.append("\t" + " ".join(f"{b:#04x}," for b in data[i:i + 16]))
lines.append("};")
open(dst, "w", encoding="utf-8").write("\n".join(lines) + "\n")
