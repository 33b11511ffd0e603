# Odd but valid Python 3.8+ syntax (accepted by CPython 3.11).
import os, sys as system
from . import base
from ..common import (
    A_SETTING as ALIAS,
    OTHER,
)
from .base import *

a = b = 1
x, y = 1, 2
[p, q] = ["p", "q"]
first, *rest = [1, 2, 3]
count: int = 3
annotated: str
z = 1; w = 2; v = \
    3
if a: ONE_LINE = "yes"
elif b: ONE_LINE = "maybe"
else: ONE_LINE = "no"
for i in range(3): LOOP = i
while False: pass
with open(os.devnull) as fh, open(os.devnull) as fh2:
    WITH_VAL = 1

NAME = "world"
GREETING = f"hello {NAME!r:>10} {{literal}} {NAME=}"
NESTED_F = f"{'a' + 'b'}" if False else f'{NAME}'
TRIPLE_F = f"""multi
{NAME}
line"""
RB = rb"raw\bytes"
BR = Br'x'
UNI = u"unicode"
ADJ = "a" 'b' """c""" '''d'''
LAMBDA = lambda x, y=2: x + y
COMP = [i * 2 for i in range(10) if i % 2]
DICTCOMP = {k: v for k, v in {"a": 1}.items()}
GEN = sum(i for i in range(3))
WALRUS = (n := 10)
SLICE = [1, 2, 3][1:]
SUB = {"a": {"b": 1}}["a"]["b"]
COND = 1 if a else 2
NOT = not a
CMP = 1 < 2 <= 3 != 4
IS = a is not None
IN = "x" not in "abc"
BITS = 1 << 4 | 2 & 3 ^ 1
POW = -2 ** 2
FLOORDIV = 7 // 2
MOD = 7 % 3
TRUEDIV = 7 / 2
MATMUL_IS_OP = a @ b if False else 0
ELLIPSIS = ...
COMPLEX = 3j
STARRED = [*range(2), *[3]]
DSPREAD = {**{"a": 1}, "b": 2}
KW = dict(a=1, **{"b": 2})
CALL = print(*[1], sep="")
NEG_ZERO = -0.0
NEG_FLOAT = -1.5
STR_MUL = "ab" * 3
LIST_ADD = [1] + [2]


@staticmethod
def helper(name, default=None, *args, flag: bool = False, **kwargs) -> str:
    """Docstring."""
    value = os.environ.get(name, default)
    return value


class Config(object, metaclass=type):
    SETTING = 1

    def method(self):
        return self.SETTING


async def coro():
    async with ctx() as c:
        await c
    async for item in aiter():
        yield item


def matcher(cmd):
    match cmd:
        case ["go", direction]:
            return direction
        case {"x": 1} | {"y": 2} if cmd:
            return 1
        case _:
            return None


global_var = [
    1,  # comment inside brackets

    2,
]
AFTER_BLANK_IN_BRACKETS = True
print("done")
