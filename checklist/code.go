package checklist

import (
	"fmt"
	"strings"

	"github.com/djharden/djharden/checklist/scan"
)

// codeFinding turns the scan's sites for one item into that item's finding:
// one problem per site, with the scan rule as the problem's rule. The item
// fails when request data reaches a sink and warns on other unsafe values;
// review notes (deprecated but constant .extra()) do not make it fail.
func codeFinding(it *Item, res *scan.Result) Finding {
	f := Finding{ID: it.ID, Title: it.Title, Docs: it.Docs, DjangoIDs: []string{}}
	if res == nil {
		f.Status = Skip
		f.Message = "The code scan was not run."
		return f
	}
	problems, _, reviews := siteProblems(res, it.ID)
	risky := len(problems) - reviews
	failing := 0
	for _, p := range problems {
		if p.Status == Fail {
			failing++
		}
	}
	f.Problems = problems
	for _, p := range problems {
		f.Locations = append(f.Locations, p.Locations...)
	}
	rules := scanRulesByID()
	hidden := 0
	for rule, n := range res.Hidden {
		if rules[rule].Item == it.ID {
			hidden += n
		}
	}
	var extra []string
	if hidden > 0 {
		extra = append(extra, fmt.Sprintf("%d more in tests and migrations (--include-tests lists them)", hidden))
	}
	if it.ID == scan.ItemXSS && res.TextTemplates > 0 {
		extra = append(extra, fmt.Sprintf("%d plain-text %s (.txt, .md, email text) not checked for XSS",
			res.TextTemplates, plural(res.TextTemplates, "template", "templates")))
	}
	if res.Silenced > 0 {
		extra = append(extra, fmt.Sprintf("%d silenced in the whole scan with djharden: ignore", res.Silenced))
	}
	switch {
	case failing > 0:
		f.Status = Fail
		f.Message = fmt.Sprintf("%d %s where request data reaches the sink, %d in all, in %d scanned files",
			failing, plural(failing, "site", "sites"), risky, res.Files)
		f.Fix = "Rewrite each site the safe way shown; silence a reviewed one with a `djharden: ignore[RULE]` comment."
	case risky > 0:
		f.Status = Warn
		f.Message = fmt.Sprintf("%d %s in %d scanned files", risky, plural(risky, "risky site", "risky sites"), res.Files)
		f.Fix = "Rewrite each site the safe way shown; silence a reviewed one with a `djharden: ignore[RULE]` comment."
	case reviews > 0:
		// Review notes are deprecated-but-constant code: worth a look, not a risk.
		f.Status = Pass
		f.Message = fmt.Sprintf("No risky code found in %d scanned files; %d %s to review", res.Files, reviews, plural(reviews, "site", "sites"))
	default:
		f.Status = Pass
		f.Message = fmt.Sprintf("No risky code found in %d scanned files", res.Files)
	}
	if len(extra) > 0 {
		f.Message += " (" + strings.Join(extra, "; ") + ")"
	}
	return f
}

// siteProblems lists the scan's sites for one item as problems, each with
// its rule and the safe way to write it. A site where request data reaches
// the sink fails; other unsafe values warn ("review this"). Review notes
// (deprecated but constant code) are "unknown": worth a look, not a risk.
func siteProblems(res *scan.Result, item string) (problems []Problem, risky, reviews int) {
	if res == nil {
		return nil, 0, 0
	}
	rules := scanRulesByID()
	for _, s := range res.Sites {
		if s.Item != item {
			continue
		}
		status := Warn
		if s.FromRequest {
			status = Fail
		}
		if s.Review {
			status = Unknown
			reviews++
		} else {
			risky++
		}
		problems = append(problems, Problem{
			Status:    status,
			Rule:      s.Rule,
			Message:   s.Message,
			Fix:       rules[s.Rule].Safe,
			Locations: []Location{{File: s.File, Line: s.Line, Column: s.Col, Source: s.Source}},
		})
	}
	return problems, risky, reviews
}

func scanRulesByID() map[string]scan.Rule {
	rules := map[string]scan.Rule{}
	for _, r := range scan.Rules() {
		rules[r.ID] = r
	}
	return rules
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// CodeItems are the items fed by the code scan, in checklist order.
func CodeItems() []*Item {
	var out []*Item
	for _, it := range Items() {
		switch it.ID {
		case "sql-injection", "xss", "csrf":
			out = append(out, it)
		}
	}
	return out
}

// ScanReport is the report of `djharden check --scan-only`: the code items
// alone, for any directory, Django project or not. The csrf item here
// covers only code (csrf_exempt); its settings half needs a project.
func ScanReport(res *scan.Result) *Report {
	r := &Report{SchemaVersion: 1, Project: ProjectInfo{Root: res.Root, SettingsFiles: []string{}}}
	for _, it := range CodeItems() {
		r.Findings = append(r.Findings, codeFinding(it, res))
	}
	r.Summary = Tally(r.Findings)
	r.Scan = &ScanSummary{Files: res.Files, Sites: len(res.Sites), Silenced: res.Silenced, Hidden: res.Hidden}
	return r
}
