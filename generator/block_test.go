package generator

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/djharden/djharden/checklist/project"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestBlockGolden renders the block for each style and version and compares
// it with testdata/*.golden (go test -run BlockGolden -update rewrites them).
func TestBlockGolden(t *testing.T) {
	cases := []struct {
		name         string
		major, minor int
		style        string
		answers      Answers
		settings     string
		has, hasNot  []string
	}{
		{"os-3.2-none", 3, 2, "os", Answers{HTTPS: HTTPSNone}, "",
			[]string{"SECURE_SSL_REDIRECT = False", "SECURE_HSTS_SECONDS = 0", `"DJANGO_CSRF_TRUSTED_ORIGINS", "example.com"`},
			[]string{"SECURE_CROSS_ORIGIN_OPENER_POLICY", "SECRET_KEY_FALLBACKS", "SILENCED_SYSTEM_CHECKS", "SECURE_PROXY_SSL_HEADER"}},
		{"os-4.0-direct-trial", 4, 0, "os", Answers{HTTPS: HTTPSDirect, RotateKey: true}, "",
			[]string{"SECURE_CROSS_ORIGIN_OPENER_POLICY", `"https://example.com"`, `SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]`},
			[]string{"SECRET_KEY_FALLBACKS", "SECURE_PROXY_SSL_HEADER", "SECURE_CSP"}},
		{"environ-4.2-year-subdomains", 4, 2, "environ", Answers{HTTPS: HTTPSProxy, HSTS: HSTSYear, HSTSSubdomains: true, RotateKey: true},
			"SILENCED_SYSTEM_CHECKS = ['urls.W002']\n",
			[]string{"SECRET_KEY_FALLBACKS", "env = environ.Env()", "parents[1]", `SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W021"]`, "SECURE_HSTS_SECONDS = 31536000"},
			[]string{"security.W005\"", "SECURE_CSP"}},
		{"decouple-6.0-preload", 6, 0, "decouple", Answers{HTTPS: HTTPSProxy, HSTS: HSTSPreload}, "",
			[]string{"SECURE_CSP_REPORT_ONLY", "ContentSecurityPolicyMiddleware", "from decouple import Csv, config", "SECURE_HSTS_PRELOAD = True"},
			[]string{"MAILERS", "SILENCED_SYSTEM_CHECKS"}},
		{"os-6.1-proxy", 6, 1, "os", Answers{HTTPS: HTTPSProxy, HSTS: HSTSOff}, "",
			[]string{"MAILERS", "smtp.EmailBackend", "SECURE_CSP_REPORT_ONLY", "SECURE_HSTS_SECONDS = 0"},
			[]string{"SILENCED_SYSTEM_CHECKS"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			os.MkdirAll(filepath.Join(root, "mysite"), 0o755)
			os.WriteFile(filepath.Join(root, "mysite", "settings.py"), []byte(tc.settings+"DEBUG = True\n"), 0o644)
			a := tc.answers
			a.Domains, a.Key, a.EnvStyle = []string{"example.com"}, testKey, tc.style
			plan, err := Build(startprojectProject(root, tc.major, tc.minor, "os"), a)
			if err != nil {
				t.Fatal(err)
			}
			got := string(plan.Changes[0].New)
			start, end, ok := findBlock(got)
			if !ok {
				t.Fatal("no block")
			}
			block := got[start:end]
			for _, s := range tc.has {
				if !strings.Contains(block, s) {
					t.Errorf("block lacks %q", s)
				}
			}
			for _, s := range append(tc.hasNot, "SECURE_BROWSER_XSS_FILTER", "SECURE_FRAME_DENY", testKey) {
				if strings.Contains(block, s) {
					t.Errorf("block has %q", s)
				}
			}
			golden := filepath.Join("testdata", tc.name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(block), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if block != string(want) {
				t.Errorf("block differs from %s (run with -update to accept):\n%s", golden, block)
			}
		})
	}
}

func TestBlockPythonSyntax(t *testing.T) {
	py := djangoPython(t)
	for _, style := range []string{"os", "environ", "decouple"} {
		for _, v := range [][2]int{{3, 2}, {4, 2}, {6, 1}} {
			d := blockData{Style: style, EnvObj: "env", CreateEnv: true, EnvFile: ".env", EnvFileDepth: 1,
				Vars: envVars{Debug: "D", SecretKey: "K", Fallbacks: "F", AllowedHosts: "H", CSRFOrigins: "O",
					EmailHost: "EH", EmailPort: "EP", EmailUser: "EU", EmailPassword: "EW", EmailTLS: "ET"},
				DecoupleImport: "Csv, config", HostsDefault: "a.com", OriginsDefault: "https://a.com", Proxy: true, HTTPS: true,
				HSTSSeconds: 3600, WriteSubdomains: true, WritePreload: true, COOP: v[0] >= 4, Fallbacks: v[0] >= 5, CSP: v[0] >= 6, Email: v[0] >= 6,
				Silenced: []silence{{"security.W005", "why"}}}
			block, err := renderBlock(d)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "block.py")
			os.WriteFile(path, []byte(block), 0o644)
			out, code := runPy(t, py, "-c", "import ast,sys; ast.parse(open(sys.argv[1]).read())", path)
			if code != 0 {
				t.Errorf("%s %v: block is not valid Python: %s\n%s", style, v, out, block)
			}
		}
	}
}

// A range that admits a Django before 6.0 gets no CSP (its import would
// stop that Django at startup), and the notes say why; a range whose floor
// is 6.0 gets it.
func TestCSPOnlyWhenEveryInstallHasIt(t *testing.T) {
	for _, tc := range []struct {
		floorMajor, floorMinor int
		csp                    bool
	}{{3, 2, false}, {5, 2, false}, {6, 0, true}} {
		root := t.TempDir()
		os.MkdirAll(filepath.Join(root, "mysite"), 0o755)
		os.WriteFile(filepath.Join(root, "mysite", "settings.py"), []byte("DEBUG = True\n"), 0o644)
		p := startprojectProject(root, 6, 1, "os")
		p.Django = project.DjangoVersion{Known: true, Major: 6, Minor: 1, Patch: -1, Range: true,
			FloorMajor: tc.floorMajor, FloorMinor: tc.floorMinor, Raw: "Django>=x", Source: "requirements.txt:1"}
		plan, err := Build(p, Answers{Domains: []string{"example.com"}, Key: testKey, HTTPS: HTTPSProxy})
		if err != nil {
			t.Fatal(err)
		}
		got := string(plan.Changes[0].New)
		if strings.Contains(got, "django.utils.csp") != tc.csp || strings.Contains(got, "ContentSecurityPolicyMiddleware") != tc.csp {
			t.Errorf("floor %d.%d: CSP written = %v, want %v", tc.floorMajor, tc.floorMinor, !tc.csp, tc.csp)
		}
		noted := strings.Contains(strings.Join(plan.Notes, "\n"), fmt.Sprintf("allows Django %d.%d, which has none", tc.floorMajor, tc.floorMinor))
		if noted == tc.csp {
			t.Errorf("floor %d.%d: note about the missing CSP = %v, want %v:\n%s", tc.floorMajor, tc.floorMinor, noted, !tc.csp, strings.Join(plan.Notes, "\n"))
		}
	}
}
