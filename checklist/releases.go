package checklist

import "time"

// Release is one Django release series as djharden knows it.
type Release struct {
	Major, Minor int
	LTS          bool
	Released     string // "2025-04"
	SecurityEnds string // last month of security fixes, "2028-04"
	NewestPatch  int    // newest patch release seen when the table was written
}

// ReleasesAsOf is when the release table was last checked against
// djangoproject.com. The django-version item says how old it is once it is
// older than six months.
var ReleasesAsOf = time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)

// Releases is the release table (DJANGO.md), oldest first.
var Releases = []Release{
	{Major: 3, Minor: 2, LTS: true, Released: "2021-04", SecurityEnds: "2024-04", NewestPatch: 25},
	{Major: 4, Minor: 0, Released: "2021-12", SecurityEnds: "2023-04", NewestPatch: 10},
	{Major: 4, Minor: 1, Released: "2022-08", SecurityEnds: "2023-12", NewestPatch: 13},
	{Major: 4, Minor: 2, LTS: true, Released: "2023-04", SecurityEnds: "2026-04", NewestPatch: 30},
	{Major: 5, Minor: 0, Released: "2023-12", SecurityEnds: "2025-04", NewestPatch: 14},
	{Major: 5, Minor: 1, Released: "2024-08", SecurityEnds: "2025-12", NewestPatch: 15},
	{Major: 5, Minor: 2, LTS: true, Released: "2025-04", SecurityEnds: "2028-04", NewestPatch: 18},
	{Major: 6, Minor: 0, Released: "2025-12", SecurityEnds: "2027-04", NewestPatch: 9},
	{Major: 6, Minor: 1, Released: "2026-08", SecurityEnds: "2027-12", NewestPatch: 3},
}

// LookupRelease returns the series major.minor from the table.
func LookupRelease(major, minor int) (Release, bool) {
	for _, r := range Releases {
		if r.Major == major && r.Minor == minor {
			return r, true
		}
	}
	return Release{}, false
}

// Supported reports whether the series still gets security fixes at now
// (support runs to the end of the SecurityEnds month).
func (r Release) Supported(now time.Time) bool {
	end, err := time.Parse("2006-01", r.SecurityEnds)
	if err != nil {
		return false
	}
	return now.Before(end.AddDate(0, 1, 0))
}

// Latest is the newest supported series at now (the upgrade target).
func LatestRelease(now time.Time) Release {
	latest := Releases[len(Releases)-1]
	for _, r := range Releases {
		if r.Supported(now) && r.LTS {
			latest = r
		}
	}
	return latest
}
