package generator

import (
	"strings"
	"testing"
)

// plantedSettings holds secrets in forms apply does not move: they stay as
// they are, and must never show in the diff, not even as context lines.
const plantedSettings = `DEBUG = True
AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
STRIPE_SECRET = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"
GITHUB = "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"
SECRET_KEY: str = "annotated-k3y-0123456789abcdefghijklmnopqrstuvwxyz"
OTHER_SECRET_KEY = """triple-quoted-k3y-0123456789abcdefghij"""
SIGNING_KEY = os.environ.get("SIGNING_KEY") or 'or-literal-k3y-0123456789abcdef'
API_KEY = 'concat-part-one-' + 'concat-part-two-0123'
DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.postgresql',
        'PASSWORD': 'pw1',
    },
}
`

var plantedSecrets = []string{
	"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
	"ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789", "annotated-k3y-0123456789", "triple-quoted-k3y-0123456789",
	"or-literal-k3y-0123456789", "concat-part-two-0123", "'pw1'",
}

func TestDiffMasksSecretsItDoesNotMove(t *testing.T) {
	_, plan, _ := fixture(t, map[string]string{"mysite/settings.py": plantedSettings}, 4, 2)
	diff := plan.Diff()
	if !strings.Contains(diff, "DEBUG") {
		t.Fatalf("unexpected diff:\n%s", diff)
	}
	for _, s := range plantedSecrets {
		if strings.Contains(diff, s) {
			t.Errorf("the diff shows %q", s)
		}
	}
	if !strings.Contains(diff, "'ENGINE': 'django.db.backends.postgresql'") {
		t.Errorf("non-secret values must stay readable:\n%s", diff)
	}
	if !strings.Contains(diff, "'…(3 chars)'") || !strings.Contains(diff, " API_KEY = 'conc…(16 chars)' + 'conc…(20 chars)'") {
		t.Errorf("the short password and a context line should show masked:\n%s", diff)
	}
	// Every line of the file, wherever a diff's context falls.
	whole := plan.Mask(plantedSettings)
	for _, s := range plantedSecrets {
		if strings.Contains(whole, s) {
			t.Errorf("Mask shows %q", s)
		}
	}
	if msg := plan.Mask("error near SECRET_KEY = 'or-literal-k3y-0123456789abcdef'"); strings.Contains(msg, "or-literal-k3y") {
		t.Errorf("Mask on an error message: %q", msg)
	}
}
