package generator

import (
	"strings"
	"testing"

	"github.com/djharden/djharden/checklist"
	"github.com/djharden/djharden/checklist/project"
)

func TestDescribeEveryItem(t *testing.T) {
	generic := Describe(&project.Project{}, "no-such-item")
	p := &project.Project{EnvNames: map[string]string{"SECRET_KEY": "APP_KEY"}}
	for _, it := range checklist.Items() {
		got := Describe(p, it.ID)
		if got == generic || got == "" {
			t.Errorf("item %s has no description of what apply does", it.ID)
		}
	}
	if got := Describe(p, "secret-key"); !strings.Contains(got, "APP_KEY") {
		t.Errorf("secret-key description ignores the project's variable name: %q", got)
	}
	old := &project.Project{Django: project.DjangoVersion{Known: true, Major: 3, Minor: 2, Patch: 25}}
	if got := Describe(old, "csrf"); !strings.Contains(got, "bare host names") {
		t.Errorf("csrf on 3.2 should mention bare host names: %q", got)
	}
	if got := Describe(old, "email-backend"); !strings.HasPrefix(got, "Nothing") {
		t.Errorf("email on 3.2 should say nothing changes: %q", got)
	}
}
