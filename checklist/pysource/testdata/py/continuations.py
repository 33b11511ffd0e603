LONG_STRING = "part one " \
              "part two"
TOTAL = 1 + \
        2 + \
    3
PAREN = (
    "implicit "
    "join"
)
DICT = {
    'a': 1,
        'b': 2,
  'c': 3,
}
if TOTAL > 1 and \
        PAREN:
    INSIDE = True
    if INSIDE:
        DEEPER = 1
    # a dedented comment
OUT = 1
def f(
    a,
    b=2,
):
    return a
   
EMPTY_LIST = [

]
LAST = 'no newline at end'
LAST = 1