package checklist

import (
	"fmt"
	"time"

	"github.com/djharden/djharden/checklist/project"
)

var djangoVersionItem = &Item{
	ID:    "django-version",
	Title: "Django is a supported release with the latest security fixes",
	Lesson: "Each Django series gets security fixes for a limited time, then none at all.\n" +
		"Stay on a supported series (an LTS such as 5.2 is the calm choice) and install its newest patch release:\n" +
		"patch releases only fix bugs and security holes, so they are safe to take.",
	Docs: "https://www.djangoproject.com/download/#supported-versions",
}

// clock is the time the django-version item judges support against;
// tests replace it.
var clock = time.Now

func init() {
	djangoVersionItem.Check = func(pass *RunPass) Finding {
		return checkDjangoVersion(pass.Project, clock())
	}
}

func checkDjangoVersion(p *project.Project, now time.Time) Finding {
	b := (&evalCtx{p: p}).start(djangoVersionItem)
	if p.Django.FromComment {
		// Only startproject's docstring names a version: say so, judge as unknown.
		b.problem(Unknown, fmt.Sprintf("the only version in the project is startproject's docstring (%s at %s), which says what it was created with, not what it runs", p.Django.Raw, p.Django.Source),
			"Pin Django in requirements.txt (e.g. Django==5.2.*) so every install gets the same, supported series.", nil)
	}
	f := versionFinding(b, p.Django.Checked(), now)
	if age := now.Sub(ReleasesAsOf); age > 183*24*time.Hour {
		f.Message += fmt.Sprintf(" (djharden's release table is from %s, %d months old: newer releases may exist)",
			ReleasesAsOf.Format("2006-01-02"), int(age.Hours()/24/30.4))
	}
	return f
}

func versionFinding(b *builder, v project.DjangoVersion, now time.Time) Finding {
	var locs []Location
	if file, line, ok := splitSource(v.Source); ok {
		locs = []Location{{File: file, Line: line, Source: v.Raw}}
	}
	if !v.Known {
		ma, mi := v.Series()
		b.problem(Unknown, fmt.Sprintf("the Django version is not pinned in requirements or lock files, so it cannot be checked; the settings were judged by the rules of Django %d.%d, the newest series djharden knows", ma, mi),
			"Pin Django in requirements.txt (e.g. Django==5.2.*) so every install gets the same, supported series.", nil)
		return b.done("")
	}
	if v.Range {
		floorProblem(b, v, now, locs)
	}
	series := fmt.Sprintf("%d.%d", v.Major, v.Minor)
	target := LatestRelease(now)
	upgrade := fmt.Sprintf("Upgrade to Django %d.%d (LTS) and read its release notes first.", target.Major, target.Minor)
	rel, ok := LookupRelease(v.Major, v.Minor)
	switch {
	case !ok && isOlderThanTable(v):
		b.problem(Fail, fmt.Sprintf("Django %s no longer gets security fixes", series), upgrade, locs)
	case !ok:
		b.problem(Unknown, fmt.Sprintf("Django %s is newer than djharden's release table (as of %s)", series, ReleasesAsOf.Format("2006-01-02")), "", locs)
	case !rel.Supported(now):
		b.problem(Fail, fmt.Sprintf("Django %s stopped getting security fixes in %s", series, rel.SecurityEnds), upgrade, locs)
	case v.Patch >= 0 && v.Patch < rel.NewestPatch:
		b.problem(Warn, fmt.Sprintf("Django %s.%d is missing security releases: %s.%d is out", series, v.Patch, series, rel.NewestPatch),
			fmt.Sprintf("Upgrade to Django==%s.%d (patch releases are safe to take).", series, rel.NewestPatch), locs)
	}
	pass := fmt.Sprintf("Django %s is supported until %s.", versionText(v), rel.SecurityEnds)
	if v.Range {
		pass = fmt.Sprintf("Django %s, the newest series %s allows, is supported until %s.", versionText(v), v.Raw, rel.SecurityEnds)
	}
	return b.done(pass)
}

// floorProblem warns when a range's floor admits a series that no longer
// gets security fixes: an install that resolves low (an old lock, another
// package's upper bound) would run it.
func floorProblem(b *builder, v project.DjangoVersion, now time.Time, locs []Location) {
	if v.FloorMajor == v.Major && v.FloorMinor == v.Minor {
		return
	}
	floor := fmt.Sprintf("%d.%d", v.FloorMajor, v.FloorMinor)
	rel, ok := LookupRelease(v.FloorMajor, v.FloorMinor)
	old := project.DjangoVersion{Known: true, Major: v.FloorMajor, Minor: v.FloorMinor}
	if (ok && !rel.Supported(now)) || (!ok && isOlderThanTable(old)) {
		b.problem(Warn, fmt.Sprintf("%s also allows Django %s, which no longer gets security fixes: an install that resolves low would run it", v.Raw, floor),
			"Raise the lower bound to a supported series, or pin the version in a lock file.", locs)
	}
}

func versionText(v project.DjangoVersion) string {
	if v.Patch >= 0 {
		return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch)
	}
	return fmt.Sprintf("%d.%d", v.Major, v.Minor)
}

func isOlderThanTable(v project.DjangoVersion) bool {
	first := Releases[0]
	return v.Major < first.Major || (v.Major == first.Major && v.Minor < first.Minor)
}

// splitSource splits "requirements.txt:3" into its file and line.
func splitSource(s string) (string, int, bool) {
	for i := len(s) - 1; i > 0; i-- {
		if s[i] == ':' {
			var line int
			if _, err := fmt.Sscanf(s[i+1:], "%d", &line); err == nil && line > 0 {
				return s[:i], line, true
			}
			return s, 0, s != ""
		}
	}
	return s, 0, s != ""
}
