package checklist

import (
	"strings"
	"testing"

	"github.com/djharden/djharden/checklist/scan"
)

func TestCodeFinding(t *testing.T) {
	site := func(rule, item string, review bool) scan.Site {
		return scan.Site{Rule: rule, Item: item, File: "shop/views.py", Line: 12, Col: 9, Source: "cursor.execute(q)", Message: "f-string flows into cursor.execute", Review: review}
	}
	cases := []struct {
		name     string
		res      *scan.Result
		item     string
		status   Status
		problems int
		msg      string
	}{
		{"not scanned", nil, "sql-injection", Skip, 0, "not run"},
		{"clean", &scan.Result{Files: 7}, "sql-injection", Pass, 0, "No risky code found in 7"},
		{"one site", &scan.Result{Files: 7, Sites: []scan.Site{site("sql-fstring", "sql-injection", false)}}, "sql-injection", Warn, 1, "1 risky site"},
		{"other item's site", &scan.Result{Files: 7, Sites: []scan.Site{site("xss-mark-safe", "xss", false)}}, "sql-injection", Pass, 0, "No risky code"},
		{"review only", &scan.Result{Files: 7, Sites: []scan.Site{site("sql-extra-review", "sql-injection", true)}}, "sql-injection", Pass, 1, "1 site to review"},
		{"hidden in tests", &scan.Result{Files: 7, Hidden: map[string]int{"sql-fstring": 3}}, "sql-injection", Pass, 0, "3 more in tests"},
		{"request data fails", &scan.Result{Files: 7, Sites: []scan.Site{fromRequest(site("sql-format", "sql-injection", false)), site("sql-fstring", "sql-injection", false)}},
			"sql-injection", Fail, 2, "1 site where request data reaches the sink, 2 in all"},
		{"plain-text templates are counted", &scan.Result{Files: 7, TextTemplates: 3}, "xss", Pass, 0, "3 plain-text templates"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := codeFinding(Lookup(c.item), c.res)
			if f.Status != c.status || len(f.Problems) != c.problems || !strings.Contains(f.Message, c.msg) {
				t.Errorf("got %s with %d problems, %q; want %s, %d, containing %q", f.Status, len(f.Problems), f.Message, c.status, c.problems, c.msg)
			}
			for i, p := range f.Problems {
				if p.Rule == "" || len(p.Locations) != 1 || p.Locations[0].Line != 12 || p.Fix == "" {
					t.Errorf("problem lacks its rule, location or safe pattern: %+v", p)
				}
				if want := map[bool]Status{true: Fail, false: Warn}[c.res.Sites[i].FromRequest]; !c.res.Sites[i].Review && p.Status != want {
					t.Errorf("problem %d status = %s, want %s", i, p.Status, want)
				}
			}
		})
	}
}

func fromRequest(s scan.Site) scan.Site {
	s.FromRequest = true
	return s
}

func TestScanReport(t *testing.T) {
	res := &scan.Result{Root: "/src", Files: 3, Sites: []scan.Site{
		{Rule: "csrf-exempt", Item: "csrf", File: "api/views.py", Line: 4, Source: "@csrf_exempt"},
	}}
	r := ScanReport(res)
	var ids []string
	for _, f := range r.Findings {
		ids = append(ids, f.ID)
	}
	if strings.Join(ids, ",") != "csrf,sql-injection,xss" && strings.Join(ids, ",") != "sql-injection,xss,csrf" {
		t.Fatalf("scan report items = %v", ids)
	}
	if !r.AtOrAbove(Warn) || r.AtOrAbove(Fail) {
		t.Errorf("a csrf_exempt site should be a warning, not a failure")
	}
	if r.Scan == nil || r.Scan.Files != 3 || r.Scan.Sites != 1 {
		t.Errorf("scan summary = %+v", r.Scan)
	}
}
