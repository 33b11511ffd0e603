"""Print, as JSON, the top-level assignments of a file as CPython sees them.

For each module-level assignment (descending into if/try/with/for/while
blocks, not into def/class bodies) in source order: the bound name (a
subscript target as NAME[...] is skipped, an attribute target as a.b) and,
when ast.literal_eval can compute the assigned value, that value encoded
without ambiguity: {"t": type, "v": ...}.
"""
import ast
import json
import math
import sys


def enc(v):
    if v is None:
        return {"t": "none"}
    if isinstance(v, bool):
        return {"t": "bool", "v": v}
    if isinstance(v, int):
        return {"t": "int", "v": str(v)}
    if isinstance(v, float):
        return {"t": "float", "v": repr(v)}
    if isinstance(v, str):
        return {"t": "str", "v": v}
    if isinstance(v, bytes):
        return {"t": "bytes", "v": v.hex()}
    if isinstance(v, list):
        return {"t": "list", "v": [enc(x) for x in v]}
    if isinstance(v, tuple):
        return {"t": "tuple", "v": [enc(x) for x in v]}
    if isinstance(v, (set, frozenset)):
        items = [enc(x) for x in v]
        items.sort(key=lambda x: json.dumps(x, sort_keys=True))
        return {"t": "set", "v": items}
    if isinstance(v, dict):
        return {"t": "dict", "v": [[enc(k), enc(x)] for k, x in v.items()]}
    raise ValueError("unsupported")


def names(target):
    if isinstance(target, ast.Name):
        return [(target.id, None)]
    if isinstance(target, ast.Attribute):
        return [(ast.unparse(target), None)]
    if isinstance(target, (ast.Tuple, ast.List)):
        out = []
        for elt in target.elts:
            if not isinstance(elt, ast.Starred):
                out.extend(names(elt))
        return out
    return []


def value_of(node):
    if node is None:
        return None
    try:
        return enc(ast.literal_eval(node))
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None


def visit(body, out):
    for stmt in body:
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                if isinstance(target, (ast.Tuple, ast.List)) and isinstance(stmt.value, (ast.Tuple, ast.List)) \
                        and len(target.elts) == len(stmt.value.elts) \
                        and not any(isinstance(e, ast.Starred) for e in target.elts + stmt.value.elts):
                    for t, v in zip(target.elts, stmt.value.elts):
                        for name, _ in names(t):
                            out.append([name, value_of(v)])
                    continue
                single = isinstance(target, (ast.Name, ast.Attribute))
                for name, _ in names(target):
                    out.append([name, value_of(stmt.value) if single else None])
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            for name, _ in names(stmt.target):
                out.append([name, value_of(stmt.value)])
        elif isinstance(stmt, ast.AugAssign):
            for name, _ in names(stmt.target):
                out.append([name, None])
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        else:
            for field in ("body", "orelse", "finalbody"):
                visit(getattr(stmt, field, []) or [], out)
            for handler in getattr(stmt, "handlers", []) or []:
                visit(handler.body, out)
            for case in getattr(stmt, "cases", []) or []:
                visit(case.body, out)


with open(sys.argv[1], "rb") as f:
    tree = ast.parse(f.read())
result = []
visit(tree.body, result)
json.dump(result, sys.stdout, ensure_ascii=False)
