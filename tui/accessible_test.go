package tui

import (
	"context"
	"strings"
	"testing"
)

func TestAccessibleFlow(t *testing.T) {
	cases := []struct {
		name    string
		input   string
		applied int
		want    []string
		absent  []string
	}{
		{
			name: "enter everywhere",
			// 6 items, domains, https, hsts, subdomains, env style, env file, fallback confirm, key, write
			input:   strings.Repeat("\n", 6) + "example.com\n" + strings.Repeat("\n", 9),
			applied: 1,
			want: []string{"Item 1 of 6: DEBUG is off in production. Status: fail.", `ALLOWED_HOSTS will be ["example.com"]`,
				"starts with Zq3r… (52 characters)", "Wrote 2 file(s)", "Score before: 1 of 7 hardened. After: 5 of 7.", "no issues", "Next steps:"},
			absent: []string{fakeKey, "\x1b["},
		},
		{
			name:    "invalid domain asked again, key revealed on r",
			input:   strings.Repeat("\n", 6) + "localhost\nexample.com\n" + strings.Repeat("\n", 6) + "r\ny\n",
			applied: 1,
			want:    []string{`Not accepted: "localhost" is not a domain name.`, "The key is: " + fakeKey},
		},
		{
			name:    "q at the review leaves",
			input:   strings.Repeat("\n", 6) + "example.com\n" + strings.Repeat("\n", 7) + "q\n",
			applied: 0,
			want:    []string{"2 file(s) will change", "Left without writing anything."},
		},
		{
			name:    "input ends early",
			input:   "\n\n",
			applied: 0,
			want:    []string{"Left without writing anything."},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			eng := &fakeEngine{root: "/home/ana/mysite"}
			var out strings.Builder
			err := runAccessible(context.Background(), eng, Options{Dir: "/home/ana/mysite", In: strings.NewReader(c.input), Out: &out})
			if err != nil {
				t.Fatal(err)
			}
			if eng.applied != c.applied {
				t.Errorf("applied %d times, want %d", eng.applied, c.applied)
			}
			for _, w := range c.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
			for _, a := range c.absent {
				if strings.Contains(out.String(), a) {
					t.Errorf("output contains %q", a)
				}
			}
		})
	}
}
