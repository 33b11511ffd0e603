package generator

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/djharden/djharden/envfile"
	"github.com/djharden/djharden/internal/testenv"
)

func TestNewKeyShape(t *testing.T) {
	counts := map[rune]int{}
	const n = 2000
	for range n {
		k, err := NewKey()
		if err != nil {
			t.Fatal(err)
		}
		if len(k) != KeyLength || KeyProblem(k) != "" {
			t.Fatalf("bad key of length %d: %s", len(k), KeyProblem(k))
		}
		for _, r := range k {
			if !strings.ContainsRune(keyAlphabet, r) {
				t.Fatalf("character %q outside the alphabet", r)
			}
			counts[r]++
		}
	}
	// Uniformity: every symbol is expected n*64/64 = 2000 times; a biased
	// draw (e.g. modulo over 62 symbols) would starve some far below that.
	for _, r := range keyAlphabet {
		if c := counts[r]; c < 1700 || c > 2300 {
			t.Errorf("symbol %q drawn %d times, want about 2000", r, c)
		}
	}
}

func TestNewKeyRedraws(t *testing.T) {
	orig := randRead
	defer func() { randRead = orig }()
	calls := 0
	randRead = func(b []byte) (int, error) {
		calls++
		for i := range b {
			b[i] = byte(i % 3) // first draw: only 3 distinct characters, fails W009
			if calls > 1 {
				b[i] = byte(i)
			}
		}
		return len(b), nil
	}
	k, err := NewKey()
	if err != nil || calls != 2 || KeyProblem(k) != "" {
		t.Fatalf("NewKey = %q, %v after %d draws; want a re-draw", Mask(k), err, calls)
	}
	randRead = func(b []byte) (int, error) { return 0, errors.New("no entropy") }
	if _, err := NewKey(); err == nil {
		t.Fatal("NewKey hid a random-source failure")
	}
}

func TestKeyProblem(t *testing.T) {
	tests := []struct {
		key  string
		fail bool
	}{
		{"", true},
		{strings.Repeat("ab", 24), true},   // 48 chars
		{strings.Repeat("abcd", 13), true}, // 4 distinct
		{"django-insecure-" + strings.Repeat("abcdefgh", 6), true}, // the prefix
		{strings.Repeat("abcde", 10), false},
	}
	for _, tt := range tests {
		if got := KeyProblem(tt.key) != ""; got != tt.fail {
			t.Errorf("KeyProblem(%q) = %q", tt.key, KeyProblem(tt.key))
		}
	}
}

func TestMask(t *testing.T) {
	if got := Mask("abcdefghij" + strings.Repeat("x", 54)); got != "abcd…(64 chars)" {
		t.Errorf("Mask = %q", got)
	}
	if got := Mask("short"); strings.Contains(got, "sh") {
		t.Errorf("Mask(short) = %q shows part of a short secret", got)
	}
}

// TestKeysReadBackByPython writes 1000 keys to an env file and reads them
// back with python-dotenv, django-environ and python-decouple.
func TestKeysReadBackByPython(t *testing.T) {
	py := testenv.Python(t, "dotenv", "environ", "decouple")
	f := envfile.Parse(nil)
	want := map[string]string{}
	var keys []string
	for i := range 1000 {
		k, err := NewKey()
		if err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("KEY_%d", i)
		if _, err := f.SetValue(name, k, ""); err != nil {
			t.Fatal(err)
		}
		if line := f.Lines[len(f.Lines)-1].Raw; line != name+"="+k {
			t.Fatalf("key written quoted or altered: %s", Mask(line))
		}
		want[name] = k
		keys = append(keys, name)
	}
	path := filepath.Join(t.TempDir(), ".env")
	if err := os.WriteFile(path, f.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	script, _ := filepath.Abs(filepath.Join("..", "envfile", "testdata", "read_env.py"))
	cmd := exec.Command(py, append([]string{script, path}, keys...)...)
	cmd.Env = cleanEnv(nil)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("read_env.py: %v", err)
	}
	var got map[string]map[string]*string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	for _, lib := range []string{"dotenv", "environ", "decouple"} {
		bad := 0
		for _, k := range keys {
			if g := got[lib][k]; g == nil || *g != want[k] {
				bad++
			}
		}
		if bad > 0 {
			t.Errorf("%s read %d of 1000 keys differently", lib, bad)
		}
	}
}
