package pysource

import (
	"fmt"
	"strings"
	"testing"
)

func assignmentSummary(a Assignment) string {
	s := a.Name
	for _, p := range a.Path {
		s += "[" + p + "]"
	}
	s += " " + a.Op + " " + Format(a.Value)
	if a.Index != nil {
		s += " @" + Format(a.Index)
	}
	if a.Block != "" {
		s += " in " + a.Block
	}
	if a.Conditional {
		s += " cond"
	}
	return fmt.Sprintf("%d:%s", a.At.Line, s)
}

func TestAssignments(t *testing.T) {
	src := `A = B = 1
a, b = 1, 2
c, d = pair
X: int = 3
Y: int
L = []
L += ["x"]
L.append("y")
L.insert(0, "z")
L.extend(["w"])
L.remove("x")
DATABASES["default"]["PASSWORD"] = "pw"
os.environ["K"] = "v"
if DEBUG:
    IN_IF = 1
else:
    IN_ELSE = 1
try:
    IN_TRY = 1
except ImportError:
    IN_EXCEPT = 1
else:
    IN_TRY_ELSE = 1
finally:
    IN_FINALLY = 1
for i in range(3): IN_FOR = i
with ctx: IN_WITH = 1
def f():
    IN_DEF = 1
class C:
    IN_CLASS = 1
s1 = 1; s2 = 2
`
	want := []string{
		"1:A = 1", "1:B = 1", "2:a = 1", "2:b = 2", "3:c = pair[0]", "3:d = pair[1]", "4:X = 3",
		"6:L = []", "7:L += ['x']", "8:L append 'y'", "9:L insert 'z' @0", "10:L extend ['w']", "11:L remove 'x'",
		"12:DATABASES[default][PASSWORD] = 'pw'", "13:os.environ[K] = 'v'",
		"15:IN_IF = 1 in if cond", "17:IN_ELSE = 1 in else cond", "19:IN_TRY = 1 in try",
		"21:IN_EXCEPT = 1 in except cond", "23:IN_TRY_ELSE = 1 in else", "25:IN_FINALLY = 1 in finally",
		"26:IN_FOR = i in for cond", "27:IN_WITH = 1 in with cond", "32:s1 = 1", "32:s2 = 2",
	}
	m := Parse([]byte(src))
	if len(m.Issues) > 0 {
		t.Fatalf("issues: %+v", m.Issues)
	}
	var got []string
	for _, a := range m.Assignments() {
		got = append(got, assignmentSummary(a))
	}
	if g, w := strings.Join(got, "\n"), strings.Join(want, "\n"); g != w {
		t.Errorf("Assignments:\n%s\nwant:\n%s", g, w)
	}
}

func TestImports(t *testing.T) {
	src := `import os, sys as system
from .base import *
from ..a.b import (c as d, e,)
try:
    from .local import *
except ImportError:
    pass
def f():
    import hidden
`
	var got []string
	for _, im := range Parse([]byte(src)).Imports() {
		var names []string
		for _, n := range im.Names {
			names = append(names, n.Name+"/"+n.Alias)
		}
		got = append(got, fmt.Sprintf("%d %s level=%d star=%v %v block=%s", im.At.Line, im.Module, im.Level, im.Star, names, im.Block))
	}
	want := []string{
		"1 os level=0 star=false [os/ sys/system] block=",
		"2 base level=1 star=true [] block=",
		"3 a.b level=2 star=false [c/d e/] block=",
		"5 local level=1 star=true [] block=try",
	}
	if g, w := strings.Join(got, "\n"), strings.Join(want, "\n"); g != w {
		t.Errorf("Imports:\n%s\nwant:\n%s", g, w)
	}
}

func TestStatementsShapes(t *testing.T) {
	src := `@decorator(1)
def helper(name, default=None, *args, key: int = 2, **kw) -> str:
    return os.environ.get(name, default)
match command:
    case [x]:
        pass
if a: b = 1; c = 2
elif d: pass
while x: break
class K(Base, metaclass=M): pass
`
	m := Parse([]byte(src))
	if len(m.Issues) > 0 {
		t.Fatalf("issues: %+v", m.Issues)
	}
	var got []string
	Walk(m.Body, func(s *Stmt, parents []*Stmt) bool {
		line := fmt.Sprintf("%s%d-%d kind=%d", strings.Repeat("  ", len(parents)), s.At.Line, s.EndLine, s.Kind)
		if s.Keyword != "" {
			line += " " + s.Keyword
		}
		if s.Name != "" {
			line += " name=" + s.Name
		}
		if s.Header != nil {
			line += " header=" + Format(s.Header)
		}
		for _, p := range s.Params {
			line += " param=" + p.Star + p.Name
			if p.Default != nil {
				line += "=" + Format(p.Default)
			}
		}
		if s.Value != nil {
			line += " value=" + Format(s.Value)
		}
		got = append(got, line)
		return true
	})
	want := `2-2 kind=7 def name=helper param=name param=default=None param=*args param=key=2 param=**kw
  3-3 kind=0 return value=os.environ.get(name, default)
4-4 kind=7 match header=command
  5-5 kind=7 case header=Bad([x])
    6-6 kind=0 pass
7-7 kind=7 if header=a
  7-7 kind=1 value=1
  7-7 kind=1 value=2
8-8 kind=7 elif header=d
  8-8 kind=0 pass
9-9 kind=7 while header=x
  9-9 kind=0 break
10-10 kind=7 class name=K header=(Base,)
  10-10 kind=0 pass`
	if g := strings.Join(got, "\n"); g != want {
		t.Errorf("statements:\n%s\nwant:\n%s", g, want)
	}
	if len(m.Body[0].Decorators) != 1 || Format(m.Body[0].Decorators[0]) != "decorator(1)" {
		t.Errorf("decorators = %v", m.Body[0].Decorators)
	}
}

func TestSyntaxErrorsResynchronise(t *testing.T) {
	tests := []struct {
		name, src string
		wantNames string
		issues    int
	}{
		{"garbage line", "A = 1\nthis is not valid python\nB = 2\n", "A B", 1},
		{"unclosed list", "A = [\n    'x',\n\nB = 2\nC = 3\n", "A B C", 1},
		{"missing colon", "if x\n    A = 1\nB = 2\n", "A B", 1},
		{"stray indent", "A = 1\n    B = 2\nC = 3\n", "A B C", 1},
		{"bad expression", "A = 1 +\nB = 2\n", "A B", 1},
		{"unterminated string", "A = 'abc\nB = 2\n", "A B", 1},
		{"unclosed call before def", "A = f(\ndef g():\n    pass\nB = 2\n", "A B", 1},
		{"invalid bytes", "A = $\nB = 2\n", "A B", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Parse([]byte(tt.src))
			var names []string
			for _, a := range m.Assignments() {
				names = append(names, a.Name)
			}
			if got := strings.Join(names, " "); got != tt.wantNames {
				t.Errorf("names = %q, want %q", got, tt.wantNames)
			}
			if len(m.Issues) != tt.issues {
				t.Errorf("issues = %+v, want %d", m.Issues, tt.issues)
			}
		})
	}
}

func TestLine(t *testing.T) {
	m := Parse([]byte("\xef\xbb\xbfa = 1\r\nb = 2\rc = 3\nlast"))
	for n, want := range map[int]string{0: "", 1: "a = 1", 2: "b = 2", 3: "c = 3", 4: "last", 5: ""} {
		if got := m.Line(n); got != want {
			t.Errorf("Line(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestTextLineStart(t *testing.T) {
	t.Parallel()
	tx := NewText([]byte("a\r\nbb\rc\nd"))
	for n, want := range map[int]int{0: 0, 1: 0, 2: 3, 3: 6, 4: 8, 5: 9, 9: 9} {
		if got := tx.LineStart(n); got != want {
			t.Errorf("LineStart(%d) = %d, want %d", n, got, want)
		}
	}
}
