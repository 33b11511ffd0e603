package generator

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/djharden/djharden/internal/testenv"
)

// Old-Mac files (CR only) keep their line endings, and a note says the
// literal key in them could not be replaced; Python still imports them.
func TestCROnlySettingsKeptAndNoted(t *testing.T) {
	src := strings.ReplaceAll(literalSettings, "\n", "\r")
	root, plan, _ := fixture(t, map[string]string{"mysite/settings.py": src}, 4, 2)
	var settings *FileChange
	for i := range plan.Changes {
		if plan.Changes[i].Path == "mysite/settings.py" {
			settings = &plan.Changes[i]
		}
	}
	if settings == nil {
		t.Fatal("no change to settings.py")
	}
	if strings.Contains(string(settings.New), "\n") {
		t.Error("LF written into a CR-only file")
	}
	if !strings.HasPrefix(string(settings.New), src[:40]) || !strings.Contains(string(settings.New), BlockBegin) {
		t.Error("the file's content or the block is missing")
	}
	noted := false
	for _, n := range plan.Notes {
		noted = noted || strings.Contains(n, "CR only") && strings.Contains(n, "not replaced")
	}
	if strings.Contains(string(settings.New), "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_-") && !noted {
		t.Errorf("the literal key stayed and no note says so: %q", plan.Notes)
	}
	if _, err := plan.Apply(); err != nil {
		t.Fatal(err)
	}
	py := testenv.Python(t, "django")
	cmd := exec.Command(py, "-c", "import ast,sys; ast.parse(open(sys.argv[1],newline='').read())", filepath.Join(root, "mysite", "settings.py"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("Python cannot parse the CR-only result: %v\n%s", err, out)
	}
}
