package pysource

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
)

// encodeValue encodes a Value the way testdata/scripts/assigned.py encodes
// Python values, so both can be compared as JSON.
func encodeValue(v Value) any {
	list := func(items []Value) []any {
		out := []any{}
		for _, it := range items {
			out = append(out, encodeValue(it))
		}
		return out
	}
	switch v.Kind {
	case NoneVal:
		return map[string]any{"t": "none"}
	case BoolVal:
		return map[string]any{"t": "bool", "v": v.Bool}
	case IntVal:
		return map[string]any{"t": "int", "v": strconv.FormatInt(v.Int, 10)}
	case FloatVal:
		return map[string]any{"t": "float", "v": pyFloat(v.Float)}
	case StrVal:
		return map[string]any{"t": "str", "v": v.Str}
	case BytesVal:
		return map[string]any{"t": "bytes", "v": hex.EncodeToString([]byte(v.Str))}
	case ListVal:
		return map[string]any{"t": "list", "v": list(v.Items)}
	case TupleVal:
		return map[string]any{"t": "tuple", "v": list(v.Items)}
	case SetVal:
		return map[string]any{"t": "set", "v": list(v.Items)}
	case DictVal:
		pairs := []any{}
		for i := range v.Keys {
			pairs = append(pairs, []any{encodeValue(v.Keys[i]), encodeValue(v.Items[i])})
		}
		return map[string]any{"t": "dict", "v": pairs}
	}
	return nil
}

// canonicalJSON marshals x with set items sorted, so set order does not matter.
func canonicalJSON(t *testing.T, x any) string {
	t.Helper()
	data, err := json.Marshal(x)
	if err != nil {
		t.Fatal(err)
	}
	var generic any
	if err := json.Unmarshal(data, &generic); err != nil {
		t.Fatal(err)
	}
	var norm func(any) any
	norm = func(x any) any {
		switch x := x.(type) {
		case map[string]any:
			if items, ok := x["v"].([]any); ok {
				for i := range items {
					items[i] = norm(items[i])
				}
				if x["t"] == "set" {
					sort.Slice(items, func(i, j int) bool {
						a, _ := json.Marshal(items[i])
						b, _ := json.Marshal(items[j])
						return string(a) < string(b)
					})
				}
			}
		case []any:
			for i := range x {
				x[i] = norm(x[i])
			}
		}
		return x
	}
	out, _ := json.Marshal(norm(generic))
	return string(out)
}

// TestAssignmentsMatchCPython compares our module-level assignments with
// CPython's ast on every fixture: the same names in the same order, and
// our Literal equal to every value ast.literal_eval computes.
func TestAssignmentsMatchCPython(t *testing.T) {
	for _, file := range fixtures(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var want [][]json.RawMessage
			runPython(t, "assigned.py", file, &want)
			m := Parse(src)
			if len(m.Issues) > 0 {
				t.Errorf("issues on valid Python: %+v", m.Issues)
			}
			var got []Assignment
			for _, a := range m.Assignments() {
				if a.Path == nil && (a.Op == "=" || augOps[a.Op]) {
					got = append(got, a)
				}
			}
			if len(got) != len(want) {
				var names []string
				for _, a := range got {
					names = append(names, a.Name)
				}
				t.Fatalf("got %d assignments %v, CPython has %d", len(got), names, len(want))
			}
			checked := 0
			for i, w := range want {
				var name string
				_ = json.Unmarshal(w[0], &name)
				if got[i].Name != name {
					t.Fatalf("assignment %d: got %s, CPython %s", i, got[i].Name, name)
				}
				if string(w[1]) == "null" {
					continue
				}
				var py any
				_ = json.Unmarshal(w[1], &py)
				v := Literal(got[i].Value, nil)
				if g, e := canonicalJSON(t, encodeValue(v)), canonicalJSON(t, py); g != e {
					t.Errorf("%s (line %d): Literal = %s (%s)\n CPython literal_eval = %s", name, got[i].At.Line, g, v.Python(), e)
				}
				checked++
			}
			t.Logf("%d assignments, %d literal values compared", len(got), checked)
		})
	}
}
