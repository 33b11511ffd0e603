"""Print CPython's token stream of a file as JSON lines: kind, line, byte column, text.

Used by the Go differential test; columns are converted from characters to
bytes of the file (a UTF-8 byte order mark counts on line 1).
"""
import io
import json
import sys
import tokenize

path = sys.argv[1]
with open(path, "rb") as f:
    data = f.read()
bom = data.startswith(b"\xef\xbb\xbf")
text = data.decode("utf-8-sig")
# tokenize splits lines on "\n" only (BytesIO.readline): do the same.
lines = data[3 if bom else 0:].decode("utf-8").split("\n")


def bytecol(row, col):
    if row - 1 >= len(lines):
        return col
    b = len(lines[row - 1][:col].encode("utf-8"))
    if bom and row == 1:
        b += 3
    return b


out = []
for tok in tokenize.tokenize(io.BytesIO(data).readline):
    if tok.type == tokenize.ENCODING:
        continue
    kind = tokenize.tok_name[tok.type]
    if kind == "ENDMARKER":
        kind = "EOF"
    row, col = tok.start
    out.append([kind, row, bytecol(row, col), tok.string])
json.dump(out, sys.stdout, ensure_ascii=False)
