package scan

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// wantedSites reads the "# want: rule" annotations of a fixture; "rule!"
// means request data reaches the sink (Site.FromRequest, a failure),
// "rule?" a review note (Site.Review).
func wantedSites(src string) []string {
	var out []string
	for i, line := range strings.Split(src, "\n") {
		_, want, ok := strings.Cut(line, "# want: ")
		if !ok {
			continue
		}
		for _, rule := range strings.Split(want, ",") {
			out = append(out, fmt.Sprintf("%s@%d", strings.TrimSpace(rule), i+1))
		}
	}
	sort.Strings(out)
	return out
}

func ruleLines(sites []Site) []string {
	var out []string
	for _, s := range sites {
		bang := ""
		if s.FromRequest {
			bang = "!"
		}
		if s.Review {
			bang += "?"
		}
		out = append(out, fmt.Sprintf("%s%s@%d", s.Rule, bang, s.Line))
	}
	sort.Strings(out)
	return out
}

// TestPythonFixtures checks each fixture's sites against its "# want:"
// annotations: every other line, look-alikes included, must stay quiet.
func TestPythonFixtures(t *testing.T) {
	tests := []struct {
		file     string
		silenced int
	}{
		{"sql.py", 2},
		{"xss.py", 1},
		{"csrf.py", 0},
		{"taint_sql.py", 0},
		{"taint_xss.py", 0},
		{"taint_calls.py", 0},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join("testdata", "rules", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			fr := scanPython(tt.file, src)
			got, want := ruleLines(fr.sites), wantedSites(string(src))
			if !reflect.DeepEqual(got, want) {
				t.Errorf("sites:\n got %v\nwant %v", got, want)
			}
			if fr.silenced != tt.silenced {
				t.Errorf("silenced = %d, want %d", fr.silenced, tt.silenced)
			}
		})
	}
}

// TestRulesGolden pins the messages, columns and source lines of a scan of
// the fixtures directory (run with -update after a deliberate change).
func TestRulesGolden(t *testing.T) {
	res, err := Dir(filepath.Join("testdata", "rules"), Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, s := range res.Sites {
		review := ""
		if s.Review {
			review = " (review)"
		}
		fmt.Fprintf(&b, "%s:%d:%d %s [%s]%s\n    %s\n    | %s\n", s.File, s.Line, s.Col, s.Rule, s.Item, review, s.Message, s.Source)
	}
	fmt.Fprintf(&b, "files=%d silenced=%d hidden=%v skipped=%v\n", res.Files, res.Silenced, res.Hidden, res.Skipped)
	golden := filepath.Join("testdata", "rules.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("scan output differs from %s (rerun with -update if intended):\n%s", golden, b.String())
	}
}

func TestPythonMessages(t *testing.T) {
	tests := []struct {
		name string
		src  string
		rule string
		want []string // substrings of the message
	}{
		{"fstring names the variable and function", "cursor.execute(f\"SELECT * FROM t WHERE id = {user_id}\")\n",
			RuleSQLFString, []string{"`user_id`", "cursor.execute"}},
		{"through a local variable", "def f(request):\n    q = request.GET['q']\n    sql = \"SELECT * FROM t WHERE a = '%s'\" % q\n    return M.objects.raw(sql)\n",
			RuleSQLPercent, []string{"`sql`", "line 3", "`q`", "objects.raw"}},
		{"RawSQL", "RawSQL('SELECT %s' % col, [])\n", RuleSQLPercent, []string{"RawSQL", "`col`"}},
		{"mark_safe names the value", "mark_safe(self.field.errors.as_ul())\n", RuleXSSMarkSafe, []string{"`self.field.errors.as_ul()`", "review this", "cannot follow"}},
		{"request data names where it was read", "def search(request):\n    term = request.GET.get('q', '')\n    sql = 'SELECT * FROM t WHERE a = {t}'.format(t=term)\n    cursor.execute(sql, [])\n",
			RuleSQLFormat, []string{"`sql`", "`term` comes from request.GET at x.py:2", "cursor.execute"}},
		{"a parameter is named as one", "def badge(name):\n    return mark_safe('<b>%s</b>' % name)\n",
			RuleXSSMarkSafe, []string{"review this", "`name` is a parameter of `badge()`"}},
		{"csrf_exempt wrapper names the view", "csrf_exempt(views.hook)\n", RuleCSRFExempt, []string{"`views.hook`"}},
		{"extra review", "qs.extra(where=['a = 1'])\n", RuleSQLExtraReview, []string{"deprecated"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fr := scanPython("x.py", []byte(tt.src))
			if len(fr.sites) != 1 || fr.sites[0].Rule != tt.rule {
				t.Fatalf("sites = %+v, want one %s", fr.sites, tt.rule)
			}
			for _, w := range tt.want {
				if !strings.Contains(fr.sites[0].Message, w) {
					t.Errorf("message %q lacks %q", fr.sites[0].Message, w)
				}
			}
			if tt.rule == RuleSQLExtraReview != fr.sites[0].Review {
				t.Errorf("Review = %v", fr.sites[0].Review)
			}
		})
	}
}

func TestRulesComplete(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules() {
		if seen[r.ID] {
			t.Errorf("duplicate rule %s", r.ID)
		}
		seen[r.ID] = true
		if r.Title == "" || r.Lesson == "" || r.Safe == "" || !strings.HasPrefix(r.Docs, "https://docs.djangoproject.com/en/stable/") {
			t.Errorf("rule %s lacks a title, lesson, safe pattern or Django docs link: %+v", r.ID, r)
		}
		if n := strings.Count(r.Lesson, "\n") + 1; n < 2 || n > 3 {
			t.Errorf("rule %s: lesson has %d lines, want 2-3", r.ID, n)
		}
		if r.Item != ItemSQLInjection && r.Item != ItemXSS && r.Item != ItemCSRF {
			t.Errorf("rule %s feeds unknown item %q", r.ID, r.Item)
		}
	}
	if len(seen) != 11 {
		t.Errorf("%d rules, want 11", len(seen))
	}
}

func FuzzPython(f *testing.F) {
	for _, seed := range []string{
		"cursor.execute(f\"{x}\")", "mark_safe(", "x.extra(select={", "@csrf_exempt\n", "def f():\n  sql = 'a' + b\n  c.execute(sql)\n",
		"register.filter(is_safe=True)", "x.is_safe = True", "RawSQL(*a)", "format_html((((", "mark_safe(lambda: (",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fr := scanPython("f.py", src)
		// Python ends a line at \n, \r\n or a lone \r, and so does the tokenizer.
		lines := strings.Count(strings.ReplaceAll(strings.ReplaceAll(string(src), "\r\n", "\n"), "\r", "\n"), "\n") + 1
		for _, s := range fr.sites {
			if s.Line < 1 || s.Line > lines+1 || s.Col < 1 || itemOf(s.Rule) == "" {
				t.Fatalf("bad site %+v (lines=%d)", s, lines)
			}
		}
	})
}
