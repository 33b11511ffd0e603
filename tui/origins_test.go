package tui

import (
	"reflect"
	"testing"

	"github.com/djharden/djharden/checklist/project"
)

func TestTrustedOriginsFollowTheDjangoVersion(t *testing.T) {
	d := Domains{Hosts: []string{"example.com"}, Origins: []string{"https://example.com"}}
	cases := []struct {
		name string
		v    project.DjangoVersion
		want []string
	}{
		{"3.2 wants bare hosts", project.DjangoVersion{Known: true, Major: 3, Minor: 2, Patch: 25}, d.Hosts},
		{"4.2 wants origins", project.DjangoVersion{Known: true, Major: 4, Minor: 2, Patch: -1}, d.Origins},
		{"unknown is the newest series", project.DjangoVersion{}, d.Origins},
	}
	for _, c := range cases {
		if got := trustedOrigins(&project.Project{Django: c.v}, d); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}
