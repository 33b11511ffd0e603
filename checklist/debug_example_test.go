package checklist

import (
	"strings"
	"testing"

	"github.com/djharden/djharden/checklist/project"
)

// TestDebugFixSpeaksTheProjectsEnvStyle: the DEBUG fix never suggests a
// library the project does not use.
func TestDebugFixSpeaksTheProjectsEnvStyle(t *testing.T) {
	cases := map[string]string{"os": "os.environ.get(", "": "os.environ.get(", "environ": "env.bool(", "decouple": "cast=bool"}
	for style, want := range cases {
		got := debugReadExample(&project.Project{EnvStyle: style})
		if !strings.Contains(got, want) {
			t.Errorf("env style %q: %s, want %s", style, got, want)
		}
		if style != "environ" && strings.Contains(got, "env.bool") {
			t.Errorf("env style %q suggests django-environ: %s", style, got)
		}
	}
}
