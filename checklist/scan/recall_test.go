package scan

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/djharden/djharden/internal/testenv"
)

// djangoTree returns the directory of the installed Django package.
func djangoTree(t testing.TB) string {
	t.Helper()
	py := testenv.Python(t, "django")
	out, err := exec.Command(py, "-c", "import django, os; print(os.path.dirname(django.__file__))").Output()
	if err != nil {
		t.Fatalf("locating Django: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// banditSite is one result of bandit's JSON report.
type banditSite struct {
	File   string `json:"filename"`
	Line   int    `json:"line_number"`
	TestID string `json:"test_id"`
	Code   string `json:"code"`
}

// banditExclusion is a Bandit site djharden deliberately does not report,
// recognised by its file and a piece of its source line.
type banditExclusion struct {
	file, code, reason string
}

var banditExclusions = []banditExclusion{
	{"db/models/sql/compiler.py", "RawSQL(sql, params)",
		"the SQL comes from a for-loop over query.extra_select, not from string building in this function"},
	{"db/models/sql/compiler.py", "RawSQL(*self.query.extra[col])",
		"a starred argument: the SQL text is not visible at the call"},
	{"contrib/admin/templatetags/admin_list.py", `mark_safe(' class="end"' if`,
		"both branches of the conditional are string literals"},
}

// TestBanditRecall runs Bandit's B610 (extra), B611 (RawSQL), B703 and B308
// (mark_safe) on Django's own source and checks that each site is among
// djharden's findings at the same file and line, or was looked at and judged
// safe by the scan (Result.Cleared, with its reason: a literal, a constant,
// escaped or quoted values), apart from the listed deliberate exclusions,
// which must stay under 10%.
func TestBanditRecall(t *testing.T) {
	bandit := testenv.Tool(t, "bandit")
	tree := djangoTree(t)

	report := filepath.Join(t.TempDir(), "bandit.json")
	cmd := exec.Command(bandit, "-q", "-r", "-t", "B308,B610,B611,B703", "-f", "json", "-o", report, tree)
	if out, err := cmd.CombinedOutput(); err != nil {
		// Exit status 1 means "issues found"; anything else is a failure.
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
			t.Fatalf("bandit: %v\n%s", err, out)
		}
	}
	raw, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	var parsed struct {
		Results []banditSite `json:"results"`
	}
	if err := json.Unmarshal(raw, &parsed); err != nil {
		t.Fatalf("reading bandit's report: %v", err)
	}
	if len(parsed.Results) < 20 {
		t.Fatalf("bandit reported only %d sites on %s: wrong tree?", len(parsed.Results), tree)
	}

	res, err := Dir(tree, Options{IncludeTests: true, Cleared: true})
	if err != nil {
		t.Fatal(err)
	}
	ours := map[string][]string{} // "file:line" -> rules
	for _, s := range res.Sites {
		key := s.File + ":" + strconv.Itoa(s.Line)
		ours[key] = append(ours[key], s.Rule)
	}
	cleared := map[string]string{} // "file:line" -> why the scan judged it safe
	for _, s := range res.Cleared {
		if s.Rule != ClearedSQLNotBuilt { // not built here is not the same as safe
			cleared[s.File+":"+strconv.Itoa(s.Line)] = s.Message
		}
	}

	var excluded, missed, safe int
	for _, b := range parsed.Results {
		rel, err := filepath.Rel(tree, b.File)
		if err != nil {
			t.Fatal(err)
		}
		rel = filepath.ToSlash(rel)
		if rules, ok := ours[rel+":"+strconv.Itoa(b.Line)]; ok && matchesBandit(b.TestID, rules) {
			continue
		}
		if why, ok := cleared[rel+":"+strconv.Itoa(b.Line)]; ok {
			safe++
			t.Logf("judged safe: %s %s:%d (%s): %s", b.TestID, rel, b.Line, why, codeLine(b.Code, b.Line))
			continue
		}
		if ex, ok := excludedSite(rel, codeLine(b.Code, b.Line)); ok {
			excluded++
			t.Logf("deliberately not reported: %s %s:%d (%s)", b.TestID, rel, b.Line, ex.reason)
			continue
		}
		missed++
		t.Errorf("missed %s at %s:%d: %s", b.TestID, rel, b.Line, codeLine(b.Code, b.Line))
	}
	total := len(parsed.Results)
	t.Logf("bandit sites: %d, found: %d, judged safe: %d, deliberately excluded: %d, missed: %d",
		total, total-safe-excluded-missed, safe, excluded, missed)
	if excluded*10 >= total {
		t.Errorf("%d of %d Bandit sites are excluded: must stay under 10%%", excluded, total)
	}
}

// matchesBandit reports whether one of our rules covers a Bandit test.
func matchesBandit(testID string, rules []string) bool {
	for _, r := range rules {
		switch testID {
		case "B703", "B308":
			if r == RuleXSSMarkSafe {
				return true
			}
		case "B610", "B611":
			if strings.HasPrefix(r, "sql-") {
				return true
			}
		}
	}
	return false
}

func excludedSite(rel, code string) (banditExclusion, bool) {
	for _, ex := range banditExclusions {
		if strings.HasSuffix(rel, ex.file) && strings.Contains(code, ex.code) {
			return ex, true
		}
	}
	return banditExclusion{}, false
}

// codeLine picks the line Bandit points at out of its numbered snippet
// ("361 ...\n362 ...\n363 ...").
func codeLine(code string, line int) string {
	prefix := strconv.Itoa(line) + " "
	for _, l := range strings.Split(code, "\n") {
		if strings.HasPrefix(l, prefix) {
			return strings.TrimSpace(l[len(prefix):])
		}
	}
	return ""
}
