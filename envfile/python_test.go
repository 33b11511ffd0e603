package envfile

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/djharden/djharden/internal/testenv"
)

// readWithPython loads path with python-dotenv, django-environ and
// python-decouple and returns library -> key -> value (nil when unseen).
func readWithPython(t *testing.T, path string, keys []string) map[string]map[string]*string {
	t.Helper()
	py := testenv.Python(t, "dotenv", "environ", "decouple")
	script, err := filepath.Abs(filepath.Join("testdata", "read_env.py"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, append([]string{script, path}, keys...)...)
	// An empty environment: only the file may provide values.
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "PYTHONDONTWRITEBYTECODE=1", "PYTHONIOENCODING=utf-8"}
	cmd.Dir = t.TempDir()
	out, err := cmd.Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("read_env.py: %v\n%s", err, stderr)
	}
	var got map[string]map[string]*string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("decoding %q: %v", out, err)
	}
	return got
}

// TestFormatReadBackByPython writes values with Set and checks that the
// real libraries read back exactly what was written.
func TestFormatReadBackByPython(t *testing.T) {
	values := []string{
		"", "abc", "a b", " lead", "trail ", "\ttab", `"open`, `mid"dle`, "close\"", "`tick`",
		"p@ss%w0rd!&*()=+", "a=b=c", "héllo wörld", "日本語", "example.com,www.example.com",
		"https://example.com,https://www.example.com", "-leading-dash", "x;y|z<>?", "%(name)s", "a  #b",
	}
	// Random values over a wide alphabet: the ones Format accepts must survive.
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("abcXYZ019 \t_-.,;:!?@%^&*()[]{}<>=+~/|\"`'$#\\éß€")
	for range 300 {
		n := 1 + rng.IntN(20)
		var b strings.Builder
		for range n {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		values = append(values, b.String())
	}
	f := Parse([]byte("# written by the test\n"))
	want := map[string]string{}
	var keys []string
	for i, v := range values {
		key := fmt.Sprintf("K%d", i)
		if _, err := f.SetValue(key, v, ""); err != nil {
			continue
		}
		want[key] = v
		keys = append(keys, key)
	}
	if len(keys) < 60 {
		t.Fatalf("only %d of %d values accepted: Format is too strict to be useful", len(keys), len(values))
	}
	path := filepath.Join(t.TempDir(), ".env")
	if err := os.WriteFile(path, f.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	got := readWithPython(t, path, keys)
	for _, lib := range []string{"dotenv", "environ", "decouple"} {
		for _, k := range keys {
			if g := got[lib][k]; g == nil || *g != want[k] {
				line, _ := Format(want[k])
				t.Errorf("%s read %s=%s as %s, want %q", lib, k, line, show(g), want[k])
			}
		}
	}
	t.Logf("%d of %d values written and read back by all three libraries", len(keys), len(values))
}

// TestParseAgreesWithDotenv reads hand-written files both ways: our parser
// must see what python-dotenv sees.
func TestParseAgreesWithDotenv(t *testing.T) {
	src := strings.Join([]string{
		"# comment",
		"A=plain",
		"B = spaced",
		"export C=exported",
		"D='single # not a comment'",
		`E="double \"escaped\" \n newline"`,
		"F=value # inline comment",
		"G=hash#inside",
		"H=",
		`I='it\'s'`,
		"J=trailing   ",
		"K=\"quoted\" # c",
		"L=first",
		"L=second",
	}, "\r\n") + "\r\n"
	path := filepath.Join(t.TempDir(), ".env")
	if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	f := Parse([]byte(src))
	ours := f.Values()
	got := readWithPython(t, path, f.Keys())
	for _, k := range f.Keys() {
		if g := got["dotenv"][k]; g == nil || *g != ours[k] {
			t.Errorf("%s: python-dotenv read %s, we read %q", k, show(g), ours[k])
		}
	}
	if len(ours) != 12 {
		t.Errorf("read %d variables, want 12", len(ours))
	}
}

func show(p *string) string {
	if p == nil {
		return "nothing"
	}
	return fmt.Sprintf("%q", *p)
}
