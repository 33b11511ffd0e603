package checklist

import (
	"strings"
	"testing"

	"github.com/djharden/djharden/checklist/project"
)

func TestSecretsInSettingsItem(t *testing.T) {
	dbPassword := "DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.postgresql',\n        'PASSWORD': 'hunter2hunter2',\n    }\n}\n"
	runItemCases(t, []itemCase{
		{name: "none", item: "secrets-in-settings", status: Pass},
		{name: "database password, untracked", item: "secrets-in-settings", src: dbPassword, status: Warn,
			message: `DATABASES["default"]["PASSWORD"] hunt…(14 chars)`, line: lineOf(dbPassword, "        'PASSWORD'")},
		{name: "database password, tracked", item: "secrets-in-settings", src: dbPassword, tweak: tracked("mysite/settings.py"), status: Fail, message: "which git tracks"},
		{name: "database password from env", item: "secrets-in-settings", src: "DATABASES = {'default': {'PASSWORD': os.environ['DB_PASSWORD']}}\n", env: map[string]string{"DB_PASSWORD": "x"}, status: Pass},
		{name: "password by subscript", item: "secrets-in-settings", src: "DATABASES = {'default': {}}\nDATABASES['default']['PASSWORD'] = 'hunter2hunter2'\n", status: Warn, message: "PASSWORD"},
		{name: "email password and API token", item: "secrets-in-settings", src: "EMAIL_HOST_PASSWORD = 'mailpass123'\nSTRIPE_SECRET_KEY = 'sk_live_abcdef'\nSTRIPE_PUBLISHABLE_KEY = 'pk_live_x'\nPASSWORD_HASHERS = ['x']\nSENTRY_TOKEN = ''\n",
			status: Warn, message: "EMAIL_HOST_PASSWORD mail…(11 chars)"},
		{name: "literal fallback of an env read", item: "secrets-in-settings", src: "EMAIL_HOST_PASSWORD = os.environ.get('EMAIL_PASSWORD', 'mailpass123')\n",
			status: Warn, message: "the fallback of EMAIL_PASSWORD"},
		{name: "empty fallback is fine", item: "secrets-in-settings", src: "EMAIL_HOST_PASSWORD = os.environ.get('EMAIL_PASSWORD', '')\n", status: Pass},
	})
}

func TestEnvFileItem(t *testing.T) {
	tests := []struct {
		name   string
		git    project.GitFacts
		status Status
		msg    string
	}{
		{"no git", project.GitFacts{}, Skip, "Not a git work tree"},
		{"tracked", project.GitFacts{Available: true, EnvTracked: []string{".env"}}, Fail, ".env is tracked"},
		{"not ignored", project.GitFacts{Available: true, EnvNotIgnored: []string{".env.production"}}, Warn, "not in .gitignore"},
		{"ignored", project.GitFacts{Available: true, EnvIgnored: true}, Pass, "ignored"},
	}
	for _, tt := range tests {
		f := CheckOne(&project.Project{Git: tt.git}, "env-file")
		if f.Status != tt.status || !strings.Contains(f.Message, tt.msg) {
			t.Errorf("%s: %s %q", tt.name, f.Status, f.Message)
		}
	}
}

func TestReportLevels(t *testing.T) {
	r := &Report{Findings: []Finding{{Status: Pass}, {Status: Unknown}, {Status: Accepted}}}
	if r.Worst() != Unknown || r.AtOrAbove(Fail) || !r.AtOrAbove(Warn) {
		t.Errorf("unknown: worst %s, fail %v, warn %v", r.Worst(), r.AtOrAbove(Fail), r.AtOrAbove(Warn))
	}
	r.Findings = append(r.Findings, Finding{Status: Fail, DjangoIDs: []string{"security.W018"}}, Finding{Status: Warn, DjangoIDs: []string{"security.W004", "security.W018"}})
	if r.Worst() != Fail || !r.AtOrAbove(Fail) {
		t.Errorf("fail: worst %s", r.Worst())
	}
	if got := strings.Join(r.DjangoIDs(), ","); got != "security.W004,security.W018" {
		t.Errorf("DjangoIDs %s", got)
	}
	if (&Report{Findings: []Finding{{Status: Skip}}}).AtOrAbove(Warn) {
		t.Error("skip trips --fail-on warn")
	}
}
