package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/djharden/djharden/checklist/project"
)

// A split-settings project: the literal key lives in base.py, the block
// goes into production.py (the module in use), base.py changes only at
// the key's line.
func TestSplitSettings(t *testing.T) {
	base := "import os\n\nSECRET_KEY = \"base-literal-key-0123456789-0123456789-0123456789-xyz\"\nDEBUG = False\n"
	prod := "from .base import *  # noqa\n\nDEBUG = False\n"
	root := t.TempDir()
	dir := filepath.Join(root, "config", "settings")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "base.py"), []byte(base), 0o644)
	os.WriteFile(filepath.Join(dir, "production.py"), []byte(prod), 0o644)
	p := &project.Project{
		Root: root, SettingsModule: "config.settings.production",
		SettingsFiles: []string{"config/settings/base.py", "config/settings/production.py"},
		Django:        project.DjangoVersion{Known: true, Major: 5, Minor: 2},
		EnvStyle:      "os",
		EnvNames:      map[string]string{"DEBUG": "APP_DEBUG"},
	}
	plan, err := Build(p, Answers{Domains: []string{"example.com"}, RotateKey: true, Key: testKey})
	if err != nil {
		t.Fatal(err)
	}
	changed := map[string]string{}
	for _, c := range plan.Changes {
		changed[c.Path] = string(c.New)
	}
	// The base keeps a read every inheriting module lives with: the
	// development-only key when the variable is unset (the production
	// block refuses that key while DEBUG is off).
	wantBase := "import os\n\nimport hashlib  # djharden: derives the development-only key\nSECRET_KEY = os.environ.get(\"DJANGO_SECRET_KEY\", \"\") or " + devKeyExpr(`"`) + "  " + devKeyComment + "\nDEBUG = False\n"
	if changed["config/settings/base.py"] != wantBase {
		t.Errorf("base.py = %q, want %q", changed["config/settings/base.py"], wantBase)
	}
	gotProd := changed["config/settings/production.py"]
	if !strings.HasPrefix(gotProd, prod+"\n"+BlockBegin) {
		t.Errorf("production.py does not end with the block:\n%s", gotProd)
	}
	if !strings.Contains(gotProd, `os.environ.get("APP_DEBUG", "False")`) {
		t.Error("the block does not reuse the project's APP_DEBUG name")
	}
	if !strings.Contains(gotProd, "parents") && strings.Contains(gotProd, "environ.Env") {
		t.Error("unexpected environ object in an os-style project")
	}
	env := changed[".env"]
	if !strings.Contains(env, "DJANGO_SECRET_KEY_FALLBACKS=base-literal-key-") {
		t.Error("the rotated key is not the fallback")
	}
	notes := strings.Join(plan.Notes, "\n")
	if !strings.Contains(notes, "git history") || strings.Contains(notes, "base-literal-key") {
		t.Errorf("notes must say to rotate without showing the key:\n%s", notes)
	}
}

// A password the env libraries would mangle stays in place, with a note
// that does not show it.
func TestUnstorablePasswordStays(t *testing.T) {
	src := "EMAIL_HOST_PASSWORD = 'pa$$word#1'\n"
	_, plan, _ := fixture(t, map[string]string{"mysite/settings.py": src}, 4, 2)
	if !strings.Contains(string(plan.Changes[0].New), src) {
		t.Error("the unstorable password line changed")
	}
	notes := strings.Join(plan.Notes, "\n")
	if !strings.Contains(notes, "EMAIL_HOST_PASSWORD was left in place") || strings.Contains(notes, "pa$$") {
		t.Errorf("notes = %s", notes)
	}
}
