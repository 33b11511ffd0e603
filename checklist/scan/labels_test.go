package scan

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// labelsFile holds hand labels of findings on public Django projects
// (repository, commit, file, line, rule, verdict, reason; never their code).
const labelsFile = "testdata/labels/labelled_sample.json"

type labelledSample struct {
	About    string            `json:"about"`
	Verdicts map[string]string `json:"verdicts"`
	Projects []struct {
		Repo   string `json:"repo"`
		Commit string `json:"commit"`
		Dir    string `json:"dir"`
	} `json:"projects"`
	Labels []siteLabel `json:"labels"`
}

type siteLabel struct {
	Repo    string `json:"repo"`
	Commit  string `json:"commit"`
	File    string `json:"file"`
	Line    int    `json:"line"`
	Rule    string `json:"rule"`
	Verdict string `json:"verdict"`
	Reason  string `json:"reason"`
}

func (l siteLabel) key() string {
	return l.Repo + " " + l.File + ":" + strconv.Itoa(l.Line) + " " + l.Rule
}

func readLabels(t *testing.T, name string) *labelledSample {
	t.Helper()
	raw, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var ls labelledSample
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ls); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return &ls
}

var (
	repoName  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$`)
	commitSHA = regexp.MustCompile(`^[0-9a-f]{40}$`)
)

// TestLabelsFile validates the labelled sample's format: it runs in CI,
// where the projects themselves cannot be fetched.
func TestLabelsFile(t *testing.T) {
	t.Parallel()
	ls := readLabels(t, labelsFile)
	if ls.Verdicts["real"] == "" || ls.Verdicts["noise"] == "" || len(ls.Verdicts) != 2 {
		t.Errorf("verdicts must define exactly real and noise: %v", ls.Verdicts)
	}
	commits := map[string]string{}
	dirs := map[string]bool{}
	for _, p := range ls.Projects {
		if !repoName.MatchString(p.Repo) || !commitSHA.MatchString(p.Commit) || p.Dir == "" || strings.ContainsAny(p.Dir, `/\`) {
			t.Errorf("bad project %+v", p)
		}
		if _, dup := commits[p.Repo]; dup || dirs[p.Dir] {
			t.Errorf("project %s listed twice", p.Repo)
		}
		commits[p.Repo], dirs[p.Dir] = p.Commit, true
	}
	if len(commits) < 8 {
		t.Errorf("%d projects, want at least 8", len(commits))
	}
	seen := map[string]bool{}
	perRepo := map[string]int{}
	for _, l := range ls.Labels {
		if c, ok := commits[l.Repo]; !ok || c != l.Commit {
			t.Errorf("%s: repository or commit not among the projects", l.key())
		}
		if _, ok := RuleByID(l.Rule); !ok {
			t.Errorf("%s: unknown rule", l.key())
		}
		if l.Line < 1 || l.File == "" || filepath.IsAbs(l.File) || strings.Contains(l.File, "..") || strings.Contains(l.File, `\`) {
			t.Errorf("%s: bad file or line", l.key())
		}
		if l.Verdict != "real" && l.Verdict != "noise" {
			t.Errorf("%s: verdict %q, want real or noise", l.key(), l.Verdict)
		}
		// A reason says why in plain words; it is not a copy of the code.
		if n := len(l.Reason); n < 10 || n > 120 || strings.ContainsAny(l.Reason, "{}\n") {
			t.Errorf("%s: reason %q must be a short sentence without code", l.key(), l.Reason)
		}
		if seen[l.key()] {
			t.Errorf("%s: labelled twice", l.key())
		}
		seen[l.key()] = true
		perRepo[l.Repo]++
	}
	if len(ls.Labels) < 150 {
		t.Errorf("%d labels, want at least 150", len(ls.Labels))
	}
	for repo := range commits {
		if perRepo[repo] == 0 {
			t.Errorf("project %s has no labels", repo)
		}
	}
}

// TestLabelledSample measures precision on the labelled sample and recall
// against Bandit. It needs the projects checked out at the listed commits
// under DJHARDEN_LABELLED_DIR (one folder per project, named as in the
// labels' "dir"), so it runs on a development machine:
// scripts/scan-precision DIR [LABELS].
func TestLabelledSample(t *testing.T) {
	root := os.Getenv("DJHARDEN_LABELLED_DIR")
	if root == "" {
		t.Skip("set DJHARDEN_LABELLED_DIR (see scripts/scan-precision) to measure precision on the labelled sample")
	}
	name := labelsFile
	if l := os.Getenv("DJHARDEN_LABELS"); l != "" {
		name = l
	}
	ls := readLabels(t, name)
	labels := map[string]siteLabel{}
	for _, l := range ls.Labels {
		labels[l.key()] = l
	}

	var real, noise, unlabelled, fails, failReal, lostReal int
	var total banditTally
	reported := map[string]bool{}
	for _, p := range ls.Projects {
		dir := filepath.Join(root, p.Dir)
		if _, err := os.Stat(dir); err != nil {
			t.Fatalf("%s (%s at %s): %v", p.Dir, p.Repo, p.Commit, err)
		}
		res, err := Dir(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var pr, pn int
		for _, s := range res.Sites {
			if s.Review {
				continue // review notes are not findings
			}
			k := siteLabel{Repo: p.Repo, File: s.File, Line: s.Line, Rule: s.Rule}.key()
			reported[k] = true
			l, ok := labels[k]
			switch {
			case !ok:
				unlabelled++
				t.Logf("unlabelled: %s %s", k, s.Message)
			case l.Verdict == "real":
				pr++
			default:
				pn++
				t.Logf("noise: %s (%s)", k, l.Reason)
			}
			if s.FromRequest {
				fails++
				if ok && l.Verdict == "real" {
					failReal++
				}
			}
		}
		real, noise = real+pr, noise+pn
		t.Logf("%-28s %4d files, %3d findings labelled real, %3d noise, %d plain-text templates",
			p.Repo, res.Files, pr, pn, res.TextTemplates)
		total.add(banditCompare(t, p.Repo, dir))
	}
	for _, l := range ls.Labels {
		if l.Verdict == "real" && !reported[l.key()] {
			lostReal++
			t.Logf("real site no longer reported: %s (%s)", l.key(), l.Reason)
		}
	}
	fmt.Printf("labelled sample: %d projects, %d labels\n", len(ls.Projects), len(ls.Labels))
	fmt.Printf("precision: %d real of %d labelled findings = %.1f%% (%d findings unlabelled)\n",
		real, real+noise, pct(real, real+noise), unlabelled)
	fmt.Printf("failing findings (request data reaches the sink): %d, labelled real: %d\n", fails, failReal)
	fmt.Printf("real labelled sites no longer reported: %d\n", lostReal)
	total.print()
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// banditTally counts Bandit's sites by what the scan made of them.
type banditTally struct {
	ran                          bool
	sinks, found, safe, notBuilt int
	missed                       []string
	b608, b608Found              int
	b608Other                    []string
	safeReasons                  map[string]int
}

func (b *banditTally) add(o banditTally) {
	if !o.ran {
		return
	}
	b.ran = true
	b.sinks += o.sinks
	b.found += o.found
	b.safe += o.safe
	b.notBuilt += o.notBuilt
	b.missed = append(b.missed, o.missed...)
	b.b608 += o.b608
	b.b608Found += o.b608Found
	b.b608Other = append(b.b608Other, o.b608Other...)
	if b.safeReasons == nil {
		b.safeReasons = map[string]int{}
	}
	for k, v := range o.safeReasons {
		b.safeReasons[k] += v
	}
}

func (b *banditTally) print() {
	if !b.ran {
		fmt.Println("bandit: not installed, recall not measured")
		return
	}
	covered := b.found + b.safe + b.notBuilt
	fmt.Printf("bandit B308/B610/B611/B703 sites: %d; reported %d, judged safe %d, SQL passed in (not built at the call) %d, missed %d: %.1f%% accounted for\n",
		b.sinks, b.found, b.safe, b.notBuilt, len(b.missed), pct(covered, b.sinks))
	reasons := make([]string, 0, len(b.safeReasons))
	for r := range b.safeReasons {
		reasons = append(reasons, r)
	}
	sort.Strings(reasons)
	for _, r := range reasons {
		fmt.Printf("  judged safe, %d: %s\n", b.safeReasons[r], r)
	}
	for _, m := range b.missed {
		fmt.Println("  missed:", m)
	}
	fmt.Printf("bandit B608 (SQL text built anywhere) sites: %d; %d reported where the text reaches a sink, %d not reported:\n",
		b.b608, b.b608Found, len(b.b608Other))
	for _, m := range b.b608Other {
		fmt.Println("  ", m)
	}
}

var builtOnLine = regexp.MustCompile(`on line (\d+)`)

// banditCompare runs Bandit's SQL and mark_safe tests on one project and
// sorts each of its sites: reported by the scan, judged safe (with the
// reason), SQL passed in from elsewhere, or missed.
func banditCompare(t *testing.T, repo, dir string) banditTally {
	bandit, err := exec.LookPath("bandit")
	if err != nil {
		return banditTally{}
	}
	report := filepath.Join(t.TempDir(), "bandit.json")
	cmd := exec.Command(bandit, "-q", "-r", "-t", "B308,B608,B610,B611,B703", "-f", "json", "-o", report, dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
			t.Fatalf("bandit on %s: %v\n%s", repo, err, out)
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
	res, err := Dir(dir, Options{IncludeTests: true, Cleared: true})
	if err != nil {
		t.Fatal(err)
	}
	ours := map[string][]string{}
	for _, s := range res.Sites {
		ours[s.File+":"+strconv.Itoa(s.Line)] = append(ours[s.File+":"+strconv.Itoa(s.Line)], s.Rule)
		// A string built on an earlier line and carried by a local variable.
		for _, m := range builtOnLine.FindAllStringSubmatch(s.Message, -1) {
			ours[s.File+":"+m[1]] = append(ours[s.File+":"+m[1]], s.Rule)
		}
	}
	cleared := map[string]Site{}
	for _, s := range res.Cleared {
		cleared[s.File+":"+strconv.Itoa(s.Line)] = s
	}
	tally := banditTally{ran: true, safeReasons: map[string]int{}}
	for _, b := range parsed.Results {
		rel, err := filepath.Rel(dir, b.File)
		if err != nil {
			t.Fatal(err)
		}
		rel = filepath.ToSlash(rel)
		at := rel + ":" + strconv.Itoa(b.Line)
		where := fmt.Sprintf("%s %s %s: %s", b.TestID, repo, at, codeLine(b.Code, b.Line))
		if b.TestID == "B608" {
			tally.b608++
			if hasSQLRule(ours[at]) {
				tally.b608Found++
			} else {
				tally.b608Other = append(tally.b608Other, where)
			}
			continue
		}
		tally.sinks++
		switch c, ok := cleared[at]; {
		case matchesBandit(b.TestID, ours[at]):
			tally.found++
		case ok && c.Rule == ClearedSQLNotBuilt:
			tally.notBuilt++
		case ok:
			tally.safe++
			tally.safeReasons[c.Message]++
		default:
			tally.missed = append(tally.missed, where)
		}
	}
	return tally
}

func hasSQLRule(rules []string) bool {
	for _, r := range rules {
		if strings.HasPrefix(r, "sql-") {
			return true
		}
	}
	return false
}
