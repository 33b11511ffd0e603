package pysource

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/djharden/djharden/internal/testenv"
)

var kindNames = map[Kind]string{
	TokEOF: "EOF", TokName: "NAME", TokNumber: "NUMBER", TokString: "STRING", TokOp: "OP",
	TokNewline: "NEWLINE", TokNL: "NL", TokComment: "COMMENT", TokIndent: "INDENT",
	TokDedent: "DEDENT", TokInvalid: "ERRORTOKEN",
}

func (k Kind) testName() string { return kindNames[k] }

func fixtures(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "py", "*.py"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	return files
}

// runPython runs one of the scripts under testdata/scripts on a fixture and
// decodes its JSON output.
func runPython(t *testing.T, script, fixture string, out any) {
	t.Helper()
	py := testenv.Python(t, "ast", "tokenize")
	cmd := exec.Command(py, filepath.Join("testdata", "scripts", script), fixture)
	cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1", "PYTHONIOENCODING=utf-8")
	data, err := cmd.Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("%s %s: %v\n%s", script, fixture, err, msg)
	}
	if err := json.Unmarshal(data, out); err != nil {
		t.Fatalf("decoding %s output: %v", script, err)
	}
}

// TestTokensMatchCPython compares our token stream with CPython's tokenize
// module on every fixture: kinds, start positions and texts.
func TestTokensMatchCPython(t *testing.T) {
	for _, file := range fixtures(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var want [][]any
			runPython(t, "tokens.py", file, &want)
			var got []string
			for _, tok := range Tokenize(src) {
				got = append(got, fmt.Sprintf("%s %d:%d %q", tok.Kind.testName(), tok.Start.Line, tok.Start.Col-1, src[tok.Off:tok.End]))
			}
			var exp []string
			for _, w := range want {
				exp = append(exp, fmt.Sprintf("%s %v:%v %q", w[0], w[1], w[2], w[3]))
			}
			for i := 0; i < len(got) || i < len(exp); i++ {
				var g, e string
				if i < len(got) {
					g = got[i]
				}
				if i < len(exp) {
					e = exp[i]
				}
				if g != e {
					t.Fatalf("token %d differs:\n got  %s\n want %s", i, g, e)
				}
			}
		})
	}
}
