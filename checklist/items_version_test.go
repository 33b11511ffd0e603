package checklist

import (
	"strings"
	"testing"
	"time"

	"github.com/djharden/djharden/checklist/project"
)

func TestDjangoVersionItem(t *testing.T) {
	asOf := ReleasesAsOf
	tests := []struct {
		name    string
		v       project.DjangoVersion
		now     time.Time
		status  Status
		message string
	}{
		{"end of life", project.DjangoVersion{Known: true, Major: 3, Minor: 2, Patch: 25, Source: "requirements.txt:1"}, asOf, Fail, "stopped getting security fixes in 2024-04"},
		{"older than the table", project.DjangoVersion{Known: true, Major: 2, Minor: 2, Patch: 28}, asOf, Fail, "no longer gets security fixes"},
		{"supported, missing patches", project.DjangoVersion{Known: true, Major: 5, Minor: 2, Patch: 3}, asOf, Warn, "5.2.18 is out"},
		{"supported and current", project.DjangoVersion{Known: true, Major: 5, Minor: 2, Patch: 18}, asOf, Pass, "supported until 2028-04"},
		{"series only", project.DjangoVersion{Known: true, Major: 6, Minor: 0, Patch: -1}, asOf, Pass, "6.0 is supported"},
		{"unknown", project.DjangoVersion{}, asOf, Unknown, "not pinned"},
		{"newer than the table", project.DjangoVersion{Known: true, Major: 7, Minor: 0, Patch: 0}, asOf, Unknown, "newer than djharden's release table"},
		{"support ends over time", project.DjangoVersion{Known: true, Major: 6, Minor: 0, Patch: 9}, time.Date(2027, 5, 1, 0, 0, 0, 0, time.UTC), Fail, "stopped"},
		{"an old table says so", project.DjangoVersion{Known: true, Major: 5, Minor: 2, Patch: 18}, asOf.AddDate(0, 8, 0), Pass, "months old"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := checkDjangoVersion(&project.Project{Django: tt.v}, tt.now)
			if f.Status != tt.status || !findingSays(f, tt.message) {
				t.Errorf("%s %q, want %s containing %q", f.Status, f.Message, tt.status, tt.message)
			}
			if tt.v.Source != "" && (len(f.Locations) == 0 || f.Locations[0].File != "requirements.txt" || f.Locations[0].Line != 1) {
				t.Errorf("locations %+v", f.Locations)
			}
			if !strings.Contains(f.Message, "months old") && tt.now.Sub(asOf) > 200*24*time.Hour {
				t.Errorf("an old table is not mentioned: %s", f.Message)
			}
		})
	}
}

func TestReleaseTable(t *testing.T) {
	prev := [2]int{}
	for _, r := range Releases {
		cur := [2]int{r.Major, r.Minor}
		if cur[0] < prev[0] || (cur[0] == prev[0] && cur[1] <= prev[1]) {
			t.Errorf("%d.%d is out of order", r.Major, r.Minor)
		}
		prev = cur
		if _, err := time.Parse("2006-01", r.SecurityEnds); err != nil {
			t.Errorf("%d.%d: %v", r.Major, r.Minor, err)
		}
	}
	if got := LatestRelease(ReleasesAsOf); got.Major != 5 || got.Minor != 2 {
		t.Errorf("upgrade target %d.%d, want the supported LTS 5.2", got.Major, got.Minor)
	}
}
