package checklist

import (
	"testing"

	"github.com/djharden/djharden/checklist/project"
)

func tracked(files ...string) func(*project.Project) {
	return func(p *project.Project) {
		p.Git.Available = true
		p.Git.Tracked = map[string]bool{}
		for _, f := range files {
			p.Git.Tracked[f] = true
		}
	}
}

func TestDebugAndSecretKeyItems(t *testing.T) {
	weakKey := "django-insecure-" + strongKey
	runItemCases(t, []itemCase{
		{name: "off", item: "debug", status: Pass},
		{name: "on", item: "debug", src: "DEBUG = True\n", status: Fail, ids: []string{"security.W018"}, message: "DEBUG is on", line: lineOf("DEBUG = True\n", "DEBUG = True")},
		{name: "unset is Django's default False", item: "debug", src: "#!\nDEBUG_TOOLBAR = 1\n", status: Pass},
		{name: "the truthy-string bug resolved", item: "debug", src: "DEBUG = os.environ.get('DJANGO_DEBUG', False)\n",
			env: map[string]string{"DJANGO_DEBUG": "False"}, status: Fail, ids: []string{"security.W018"}, message: "raw text of DJANGO_DEBUG"},
		{name: "the truthy-string bug unresolved", item: "debug", src: "DEBUG = os.getenv('DJANGO_DEBUG')\n",
			noEnvFile: true, status: Warn, message: "\"False\" and \"0\" included"},
		{name: "bool() of a raw string", item: "debug", src: "DEBUG = bool(os.environ.get('DJANGO_DEBUG'))\n",
			env: map[string]string{"DJANGO_DEBUG": "0"}, status: Fail, ids: []string{"security.W018"}},
		{name: "a default of True", item: "debug", src: "import environ\nenv = environ.Env()\nDEBUG = env.bool('DJANGO_DEBUG', default=True)\n",
			env: map[string]string{"DJANGO_DEBUG": "off"}, status: Fail, message: "The default of DJANGO_DEBUG is true"},
		{name: "a default of True applies when the variable is absent", item: "debug", src: "import environ\nenv = environ.Env()\nDEBUG = env.bool('DJANGO_DEBUG', default=True)\n",
			env: map[string]string{}, status: Fail, ids: []string{"security.W018"}, message: "not in the env file and the default is true"},
		{name: "a correct bool parse, judged by its default", item: "debug", src: "DEBUG = os.environ.get('DJANGO_DEBUG', '') == 'true'\n",
			noEnvFile: true, status: Pass, message: "off unless the environment variable DJANGO_DEBUG is set"},
		{name: "no default, no env file", item: "debug", src: "DEBUG = os.environ['DJANGO_DEBUG'] == 'true'\n",
			noEnvFile: true, status: Unknown, message: "pass --env-file", line: 18},
		{name: "a correct bool parse resolved", item: "debug", src: "DEBUG = os.environ.get('DJANGO_DEBUG', '').lower() == 'true'\n",
			env: map[string]string{"DJANGO_DEBUG": "False"}, status: Pass},
		{name: "silenced with a recorded reason", item: "debug", src: "DEBUG = True\nSILENCED_SYSTEM_CHECKS = ['security.W018']  # djharden: accepted security.W018: staging box behind VPN\n",
			status: Accepted, message: "staging box behind VPN"},
		{name: "silenced without a reason", item: "debug", src: "DEBUG = True\nSILENCED_SYSTEM_CHECKS = ['security.W018']\n",
			status: Warn, message: "silenced without a recorded reason"},

		{name: "from the environment, strong", item: "secret-key", status: Pass},
		{name: "unset", item: "secret-key", src: "#!\nDEBUG = False\n", status: Fail, ids: []string{"security.W009"}, message: "not set"},
		{name: "empty", item: "secret-key", src: "SECRET_KEY = ''\n", status: Fail, ids: []string{"security.W009"}, message: "empty"},
		{name: "insecure prefix", item: "secret-key", src: "SECRET_KEY = '" + weakKey + "'\n", status: Fail, ids: []string{"security.W009"}, message: "django-insecure-"},
		{name: "short", item: "secret-key", src: "SECRET_KEY = 'abcdefghij0123456789'\n", status: Fail, ids: []string{"security.W009"}, message: "20 characters"},
		{name: "few distinct characters", item: "secret-key", src: "SECRET_KEY = '" + "abab" + "abababababababababababababababababababababababababab" + "'\n", status: Fail, ids: []string{"security.W009"}, message: "2 distinct"},
		{name: "strong literal, untracked", item: "secret-key", src: "SECRET_KEY = '" + strongKey + "'\n", status: Warn, message: "written in the settings file"},
		{name: "strong literal, tracked", item: "secret-key", src: "SECRET_KEY = '" + strongKey + "'\n", tweak: tracked("mysite/settings.py"), status: Fail, message: "which git tracks"},
		{name: "insecure literal fallback", item: "secret-key", src: "SECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', '" + weakKey + "')\n",
			status: Fail, message: "falls back to a literal key"},
		{name: "os.environ[] fails closed", item: "secret-key", noEnvFile: true, status: Pass, message: "refuse to start without it"},
		{name: "a required read missing from the env file", item: "secret-key", env: map[string]string{"OTHER": "x"}, tweak: dropKey, status: Unknown, message: "not in the env file"},
		{name: "key in history", item: "secret-key", tweak: func(p *project.Project) { p.Git.KeyInHistory = true; p.Git.KeyHistoryNote = "in 2 commits" },
			status: Fail, message: "git history (in 2 commits)"},
		{name: "overridden literal stays in the file", item: "secret-key", src: "#!\nSECRET_KEY = (\n    '" + strongKey + "'\n)\n" + hardened,
			status: Warn, message: "still written at mysite/settings.py:2", line: 2},
		{name: "overridden literal in a tracked file", item: "secret-key", src: "#!\nSECRET_KEY = '" + strongKey + "'\n" + hardened,
			tweak: tracked("mysite/settings.py"), status: Fail, message: "stays in the file and in git"},
		{name: "overridden empty fallback is fine", item: "secret-key", src: "#!\nimport os\nSECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', '')\n" + hardened, status: Pass},
		{name: "weak fallback on 4.2", item: "secret-key", version: v42, src: "SECRET_KEY_FALLBACKS = ['old']\n", status: Warn, ids: []string{"security.W025"}},
		{name: "fallbacks ignored on 3.2", item: "secret-key", src: "SECRET_KEY_FALLBACKS = ['old']\n", status: Pass},
		{name: "E100 on 3.2", item: "secret-key", src: "DEFAULT_HASHING_ALGORITHM = 'md5'\n", status: Warn, ids: []string{"security.E100"}},
		{name: "no E100 on 4.2", item: "secret-key", version: v42, src: "DEFAULT_HASHING_ALGORITHM = 'md5'\n", status: Pass},
	})
}

// dropKey removes the strong key runItemCases puts in the env file.
func dropKey(p *project.Project) { delete(p.EnvValues, "DJANGO_SECRET_KEY") }
