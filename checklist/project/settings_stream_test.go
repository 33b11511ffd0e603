package project

import (
	"io/fs"
	"path/filepath"
	"reflect"
	"testing"
)

// evaluateBothWays evaluates module over p's files twice: streamed, as
// check does (no file's tree parsed), and with every file of the chain
// parsed first (another reader asked for the trees). Both must give the
// same settings, chain and problems; it returns the streamed result.
func evaluateBothWays(t *testing.T, p *Project, module string) (*Settings, []string, []Problem) {
	t.Helper()
	streamed := *p
	streamed.Files = map[string]*SourceFile{}
	s1, chain1, probs1 := EvaluateSettings(&streamed, module)
	for rel, sf := range streamed.Files {
		if sf.module != nil {
			t.Fatalf("evaluating %s parsed the whole tree of %s", module, rel)
		}
	}
	parsed := *p
	parsed.Files = map[string]*SourceFile{}
	for rel := range streamed.Files {
		if sf, err := parsed.Source(rel); err == nil {
			sf.Module()
		}
	}
	s2, chain2, probs2 := EvaluateSettings(&parsed, module)
	if !reflect.DeepEqual(s1, s2) || !reflect.DeepEqual(chain1, chain2) || !reflect.DeepEqual(probs1, probs2) {
		t.Fatalf("%s: the streamed evaluation differs from the evaluation of parsed trees:\nstreamed: %+v\n%v\n%+v\nparsed:   %+v\n%v\n%+v",
			module, s1.Values, chain1, probs1, s2.Values, chain2, probs2)
	}
	return s1, chain1, probs1
}

// TestStreamedEvaluationMatchesParsed runs evaluateBothWays on every
// fixture project of the repository, for each settings module discovery
// finds in it.
func TestStreamedEvaluationMatchesParsed(t *testing.T) {
	t.Parallel()
	var roots []string
	for _, dir := range []string{"testdata", "../testdata/projects", "../../generator/testdata/projects"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && d.Name() == "manage.py" {
				roots = append(roots, filepath.Dir(path))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(roots) < 20 {
		t.Fatalf("found only %d fixture projects", len(roots))
	}
	modules := 0
	for _, root := range roots {
		p, err := Discover(Options{Dir: root, NoGit: true, NoScan: true})
		if err != nil {
			t.Fatalf("%s: %v", root, err)
		}
		for _, c := range p.Candidates {
			evaluateBothWays(t, p, c.Module)
			modules++
		}
	}
	t.Logf("%d settings modules of %d projects", modules, len(roots))
}
