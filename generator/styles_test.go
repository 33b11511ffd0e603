package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/djharden/djharden/internal/testenv"
)

// TestRealLibrariesDeployCheck turns a startproject into a django-environ
// or a python-decouple project (settings that load .env with the real
// library), applies, and runs the real check --deploy with nothing but the
// env file: the libraries must read the values djharden wrote.
func TestRealLibrariesDeployCheck(t *testing.T) {
	cases := []struct {
		style  string
		module string
		header string // prepended to the settings: how such projects read the env
		secret string // replaces the literal key line
	}{
		{"environ", "environ", "import environ\nenv = environ.Env()\nenviron.Env.read_env(str(__import__('pathlib').Path(__file__).resolve().parent.parent / '.env'))\n",
			"SECRET_KEY = env('SECRET_KEY', default='')\n"},
		{"decouple", "decouple", "from decouple import config\n", "SECRET_KEY = config('SECRET_KEY', default='')\n"},
		// --env-style environ on a project with no environ.Env object: the
		// block creates one and loads the env file.
		{"environ-created", "environ", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.style, func(t *testing.T) {
			py := testenv.Python(t, "django", tc.module)
			root := startproject(t, py)
			settingsPath := filepath.Join(root, "mysite", "settings.py")
			data, err := os.ReadFile(settingsPath)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.SplitAfter(string(data), "\n")
			for i, l := range lines {
				if strings.HasPrefix(l, "SECRET_KEY = ") && tc.secret != "" {
					lines[i] = tc.secret
				}
			}
			src := tc.header + strings.Join(lines, "")
			if err := os.WriteFile(settingsPath, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			style := strings.TrimSuffix(tc.style, "-created")
			p := startprojectProject(root, 3, 2, style)
			keyVar, debugVar := "DJANGO_SECRET_KEY", "DJANGO_DEBUG"
			if tc.secret != "" {
				// New names follow the project's: it reads SECRET_KEY, so DEBUG.
				keyVar, debugVar = "SECRET_KEY", "DEBUG"
				p.EnvNames["SECRET_KEY"] = keyVar // the project already reads this name
			} else {
				p.EnvStyle = "os"
			}
			plan, err := Build(p, Answers{Domains: []string{"example.com,www.example.com"}, HTTPS: HTTPSProxy, HSTS: HSTSPreload, EnvStyle: style})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := plan.Apply(); err != nil {
				t.Fatal(err)
			}
			after := snapshot(t, root)["mysite/settings.py"]
			if created := strings.Contains(after, "environ.Env()  # the project had no"); created != (tc.style == "environ-created") {
				t.Errorf("environ.Env object created by the block: %v", created)
			}
			if tc.style == "decouple" && !strings.Contains(after, "from decouple import Csv  #") {
				t.Errorf("the block should import only Csv (config is imported already):\n%s", after)
			}
			if KeyProblem(envValues(t, root, ".env")[keyVar]) != "" {
				t.Fatalf("no strong key under the name %s", keyVar)
			}
			// Nothing in the environment: the library reads .env itself.
			out, code := manage(t, py, root, nil, "check", "--deploy")
			checkDeployOutput(t, out, code, nil)

			// Without the env file production refuses to start.
			if err := os.Rename(filepath.Join(root, ".env"), filepath.Join(root, "env.off")); err != nil {
				t.Fatal(err)
			}
			out, code = manage(t, py, root, nil, "check")
			if code == 0 || !strings.Contains(out, "Set the "+keyVar+" environment variable") {
				t.Errorf("check without .env: exit %d, want ImproperlyConfigured naming %s\n%s", code, keyVar, tail(out))
			}
			out, code = manage(t, py, root, map[string]string{debugVar: "true"}, "check")
			if code != 0 {
				t.Errorf("check with only %s=true: exit %d\n%s", debugVar, code, tail(out))
			}
		})
	}
}
