package checklist

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/djharden/djharden/checklist/djangorun"
	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/internal/testenv"
)

// parityVariants is how many settings variants the differential test
// judges (the issue asks for at least 200).
const parityVariants = 240

// paritySeed fixes the variants, so a failure reproduces.
const paritySeed = 20261124

// writeVariant lays a variant out under dir and returns its root.
func writeVariant(t *testing.T, dir string, v parityVariant) string {
	t.Helper()
	root := filepath.Join(dir, v.name)
	for rel, content := range v.files {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	keys := make([]string, 0, len(v.env))
	for k := range v.env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var env strings.Builder
	env.WriteString("# production values for this variant\n")
	for _, k := range keys {
		env.WriteString(k + "=\"" + v.env[k] + "\"\n")
	}
	if err := os.WriteFile(filepath.Join(root, "prod.env"), []byte(env.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return root
}

// judgeResult is one line of judge.py's output.
type judgeResult struct {
	Name  string   `json:"name"`
	IDs   []string `json:"ids"`
	Error string   `json:"error"`
}

// runJudge runs every variant through real Django in one Python process.
func runJudge(t *testing.T, python, dir string, variants []parityVariant) map[string]judgeResult {
	t.Helper()
	type entry struct {
		Name   string            `json:"name"`
		Dir    string            `json:"dir"`
		Module string            `json:"module"`
		Env    map[string]string `json:"env"`
	}
	var manifest []entry
	for _, v := range variants {
		manifest = append(manifest, entry{v.name, filepath.Join(dir, v.name), v.module, v.env})
	}
	data, err := json.Marshal(manifest)
	if err != nil {
		t.Fatal(err)
	}
	mf := filepath.Join(dir, "manifest.json")
	if err := os.WriteFile(mf, data, 0o644); err != nil {
		t.Fatal(err)
	}
	judge, err := filepath.Abs(filepath.Join("testdata", "parity", "judge.py"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, judge, mf)
	cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("judge.py: %v\n%s", err, stderr.String())
	}
	results := map[string]judgeResult{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var r judgeResult
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("judge.py output %q: %v", sc.Text(), err)
		}
		results[r.Name] = r
	}
	return results
}

// covered keeps the IDs of the check families the checklist covers.
func covered(ids []string) []string {
	var out []string
	for _, id := range ids {
		if coveredFamily(id) && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

// ourIDs discovers a variant and returns the union of its django_ids.
func ourIDs(t *testing.T, root string, v parityVariant) ([]string, *Report) {
	t.Helper()
	p, err := project.Discover(project.Options{Dir: root, Settings: v.module, EnvFile: filepath.Join(root, "prod.env"), NoGit: true, NoScan: true})
	if err != nil {
		t.Fatalf("%s: discover: %v", v.name, err)
	}
	rep := Run(p, RunOptions{})
	return rep.DjangoIDs(), rep
}

func TestDifferentialParityWithDjango(t *testing.T) {
	python := testenv.Python(t, "django", "environ", "decouple")
	dir := t.TempDir()
	seed := int64(paritySeed)
	if s, err := strconv.ParseInt(os.Getenv("DJHARDEN_PARITY_SEED"), 10, 64); err == nil {
		seed = s // explore other variants locally; CI uses the fixed seed
	}
	r := rand.New(rand.NewSource(seed))
	variants := make([]parityVariant, parityVariants)
	for i := range variants {
		variants[i] = renderVariant(i, r)
		writeVariant(t, dir, variants[i])
	}
	judged := runJudge(t, python, dir, variants)
	agree := 0
	seen := map[string]int{}
	for _, v := range variants {
		j, ok := judged[v.name]
		if !ok || j.Error != "" {
			t.Errorf("%s: Django could not judge it: %s\n%s", v.name, j.Error, variantSource(v))
			continue
		}
		want := covered(j.IDs)
		got, rep := ourIDs(t, filepath.Join(dir, v.name), v)
		for _, id := range want {
			seen[id]++
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: djharden %v, Django %v\n%s\nfindings:\n%s", v.name, got, want, variantSource(v), findingsDump(rep))
			continue
		}
		agree++
	}
	t.Logf("%d/%d variants agree with Django 3.2; IDs exercised: %v", agree, len(variants), seen)
	// Every check ID of the table must have fired somewhere, or the
	// generator does not exercise it.
	for _, id := range parityCheckIDs {
		if seen[id] == 0 {
			t.Errorf("no variant made Django raise %s: widen the generator", id)
		}
	}
}

// TestJudgeAgreesWithManagePy checks the one-process judge against real
// `manage.py check --deploy` runs on a few variants.
func TestJudgeAgreesWithManagePy(t *testing.T) {
	python := testenv.Python(t, "django", "environ", "decouple")
	dir := t.TempDir()
	r := rand.New(rand.NewSource(paritySeed))
	var variants []parityVariant
	for i := range 4 {
		v := renderVariant(i, r)
		writeVariant(t, dir, v)
		variants = append(variants, v)
	}
	judged := runJudge(t, python, dir, variants)
	for _, v := range variants {
		res, err := djangorun.CheckDeploy(context.Background(), djangorun.Options{Root: filepath.Join(dir, v.name), Python: python, Settings: v.module, Env: v.env, Timeout: time.Minute})
		if err != nil {
			t.Fatalf("%s: %v", v.name, err)
		}
		if res.Err != "" {
			t.Fatalf("%s: manage.py check --deploy: %s", v.name, res.Err)
		}
		if got, want := covered(judged[v.name].IDs), covered(res.IDs); !slices.Equal(got, want) {
			t.Errorf("%s: judge %v, manage.py %v\n%s", v.name, got, want, variantSource(v))
		}
	}
}

func variantSource(v parityVariant) string {
	var names []string
	for k := range v.files {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		if strings.HasSuffix(n, ".py") && n != "manage.py" && v.files[n] != "" {
			b.WriteString("--- " + n + "\n" + v.files[n])
		}
	}
	keys := make([]string, 0, len(v.env))
	for k := range v.env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b.WriteString("--- prod.env\n")
	for _, k := range keys {
		b.WriteString(k + "=" + v.env[k] + "\n")
	}
	return b.String()
}

func findingsDump(r *Report) string {
	var b strings.Builder
	for _, f := range r.Findings {
		if f.Status == Pass || f.Status == Skip {
			continue
		}
		b.WriteString("  " + f.ID + " [" + string(f.Status) + "] " + strings.Join(f.DjangoIDs, ",") + ": " + f.Message + "\n")
	}
	return b.String()
}
