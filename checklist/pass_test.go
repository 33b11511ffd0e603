package checklist

import (
	"reflect"
	"testing"
	"time"
)

// Run hands every item the same RunPass; judging one item on its own
// (CheckOne) gives the finding Run gives it, for every fixture.
func TestCheckOneAgreesWithRun(t *testing.T) {
	for _, name := range []string{"beginner", "classsettings", "operatorconfig", "jinja"} {
		rep, p := fixtureReport(t, name, "")
		saved := clock
		clock = func() time.Time { return ReleasesAsOf }
		one := &Report{}
		for i, it := range Items() {
			f := CheckOne(p, it.ID)
			if len(rep.Findings[i].DjangoIDs) == 0 {
				f.DjangoIDs = []string{} // Run drops them when Django would not start
			}
			one.Findings = append(one.Findings, f)
		}
		clock = saved
		Redact(one)
		for i, f := range one.Findings {
			if !reflect.DeepEqual(f, rep.Findings[i]) {
				t.Errorf("%s: %s: CheckOne = %+v, Run = %+v", name, f.ID, f, rep.Findings[i])
			}
		}
	}
	if f := CheckOne(nil, "no-such-item"); f.Status != Unknown || f.ID != "no-such-item" {
		t.Errorf("unknown ID: %+v", f)
	}
}
