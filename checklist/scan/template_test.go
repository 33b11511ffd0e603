package scan

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// siteKeys renders sites compactly as "rule@line:col" for comparisons.
func siteKeys(sites []Site) []string {
	var out []string
	for _, s := range sites {
		out = append(out, fmt.Sprintf("%s@%d:%d", s.Rule, s.Line, s.Col))
	}
	return out
}

func TestTemplateRules(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		want     []string
		silenced int
	}{
		{"safe filter", "<p>{{ comment.body|safe }}</p>", []string{"xss-template-safe@1:4"}, 0},
		{"safeseq after other filters", "{{ items|join:', '|safeseq }}", []string{"xss-template-safe@1:1"}, 0},
		{"spaces around the pipe", "{{ value | safe }}", []string{"xss-template-safe@1:1"}, 0},
		{"escaped output is fine", "{{ value }} {{ value|escape }} {{ value|safe_join }}", nil, 0},
		{"safe in a quoted argument is not a filter", `{{ value|default:"|safe" }}`, nil, 0},
		{"autoescape off", "x\n{% autoescape off %}{{ body }}{% endautoescape %}", []string{"xss-autoescape-off@2:1"}, 0},
		{"autoescape on is fine", "{% autoescape on %}{{ body }}{% endautoescape %}", nil, 0},
		{"filter safe block", "{% filter lower|safe %}{{ a }}{% endfilter %}", []string{"xss-template-safe@1:1"}, 0},
		{"safe inside a with tag", "{% with html=post.body|safe %}{{ html }}{% endwith %}", []string{"xss-template-safe@1:1"}, 0},
		{"safe inside a comment block", "{% comment %}\n{{ value|safe }}\n{% endcomment %}", nil, 0},
		{"comment block with a note", `{% comment "old" %}{% autoescape off %}{% endcomment %}`, nil, 0},
		{"safe inside a one-line comment", "{# {{ value|safe }} #}", nil, 0},
		{"verbatim block is text", "{% verbatim %}{{ value|safe }}{% endverbatim %}", nil, 0},
		{"named verbatim ends at its own end tag", "{% verbatim b %}{% endverbatim %}{{ x|safe }}{% endverbatim b %}{{ y|safe }}", []string{"xss-template-safe@1:65"}, 0},
		{"tags do not span lines", "{{ value\n|safe }}", nil, 0},
		{"after a comment block scanning resumes", "{% comment %}{{ a|safe }}{% endcomment %}\n{{ b|safe }}", []string{"xss-template-safe@2:1"}, 0},
		{"silenced on the same line", "{{ html|safe }} {# djharden: ignore[xss-template-safe] #}", nil, 1},
		{"silenced from the line above", "{# djharden: ignore[xss-template-safe] #}\n{{ html|safe }}", nil, 1},
		{"silencing another rule does not help", "{{ html|safe }} {# djharden: ignore[xss-autoescape-off] #}", []string{"xss-template-safe@1:1"}, 0},
		{"silencing covers only the next line", "{# djharden: ignore[xss-template-safe] #}\n\n{{ html|safe }}", []string{"xss-template-safe@3:1"}, 0},
		{"silencing a list of rules", "{% autoescape off %}{{ a|safe }} {# djharden: ignore[xss-autoescape-off, xss-template-safe] #}", nil, 2},
		{"silencing every rule with a star", "{{ a|safe }}{# djharden: ignore[*] #}", nil, 1},
		{"a malformed directive silences nothing", "{{ a|safe }}{# djharden: ignore xss-template-safe #}", []string{"xss-template-safe@1:1"}, 0},
		{"two on one line", "{{ a|safe }}{{ b|safeseq }}", []string{"xss-template-safe@1:1", "xss-template-safe@1:13"}, 0},
		{"a literal marked safe", `{% blocktrans with v="<code>X</code>"|safe %}{{ v }}{% endblocktrans %}`, nil, 0},
		{"a literal joined with a variable", `{% blocktrans with v="<samp>"|add:origin|add:"</samp>"|safe %}{% endblocktrans %}`, []string{"xss-template-safe@1:1"}, 0},
		{"a cycle of literals", "{% cycle '' '</tr><tr>' as trtr silent %}\n{{ trtr|safe }}{% cycle trtr %}", nil, 0},
		{"a cycle with a variable", "{% cycle '' row_html as trtr %}{{ trtr|safe }}", []string{"xss-template-safe@1:32"}, 0},
		{"tags stripped after safe: Django vouches for no striptags output", "{{ offer.description|safe|striptags }}", []string{"xss-template-safe@1:1"}, 0},
		{"tags stripped before safe", "{{ offer.description|striptags|safe }}", []string{"xss-template-safe@1:1"}, 0},
		{"a captured block", "{% fragment as st %}{% status x.label %}{% endfragment %}\n{{ st|safe }}{% blocktrans with action=st|safe %}{{ action }}{% endblocktrans %}", nil, 0},
		{"a capture used inside its own block", "{% fragment as st %}{{ st|safe }}{% endfragment %}", []string{"xss-template-safe@1:21"}, 0},
		{"unsafe inside a captured block", "{% fragment as st %}{{ bio|safe }}{% endfragment %}{{ st|safe }}", []string{"xss-template-safe@1:21"}, 0},
		{"old-style with binds a value", "{% with post.body as body %}{{ body|safe }}{% endwith %}{{ body|safe }}", []string{"xss-template-safe@1:29", "xss-template-safe@1:57"}, 0},
		{"a tag with an argument binds a value", "{% fetch post.body as body %}{% endfetch %}{{ body|safe }}", []string{"xss-template-safe@1:44"}, 0},
		{"a simple tag binding a name is no capture", "{% fragment as a %}{% get_html as h %}{% endfragment %}{{ h|safe }}{{ a|safe }}", []string{"xss-template-safe@1:56"}, 0},
		{"tags stripped then cut", "{{ offer.description|safe|striptags|truncatewords:8|upper }}", []string{"xss-template-safe@1:1"}, 0},
		{"tags stripped then text added", "{{ offer.description|safe|striptags|add:extra }}", []string{"xss-template-safe@1:1"}, 0},
		{"tags stripped then characters cut out", "{{ offer.description|safe|striptags|cut:' ' }}", []string{"xss-template-safe@1:1"}, 0},
		{"safe again after striptags", "{{ a|safe|striptags|linebreaks|safe }}", []string{"xss-template-safe@1:1", "xss-template-safe@1:1"}, 0},
		{"a database key", "<div id=\"p-{{ plugin.id|safe }}-{{ obj.pk|safe }}\">", nil, 0},
		{"a text field named like a key", "{{ order.external_id|safe }}", []string{"xss-template-safe@1:1"}, 0},
		{"a field named like a key is not one", "{{ obj.paid|safe }}", []string{"xss-template-safe@1:1"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fr := scanTemplate("app/templates/x.html", []byte(tt.src))
			if got := siteKeys(fr.sites); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("sites = %v, want %v", got, tt.want)
			}
			if fr.silenced != tt.silenced {
				t.Errorf("silenced = %d, want %d", fr.silenced, tt.silenced)
			}
		})
	}
}

func TestTemplateMessages(t *testing.T) {
	src := "{% autoescape off %}\n{{ a }}\n{% endautoescape %}\n<p>{{ post.body|linebreaks|safe }}</p>\n"
	fr := scanTemplate("t/templates/p.html", []byte(src))
	if len(fr.sites) != 2 {
		t.Fatalf("got %d sites, want 2: %+v", len(fr.sites), fr.sites)
	}
	if msg := fr.sites[0].Message; !strings.Contains(msg, "up to line 3") {
		t.Errorf("autoescape message %q should name the end line", msg)
	}
	s := fr.sites[1]
	if !strings.Contains(s.Message, "`post.body`") || s.Source != "<p>{{ post.body|linebreaks|safe }}</p>" || s.Item != "xss" {
		t.Errorf("safe site = %+v", s)
	}
}

func FuzzTemplate(f *testing.F) {
	for _, seed := range []string{
		"{{ a|safe }}", "{% comment %}{% endcomment", "{% verbatim %}{{", "{#", "{%%}", "{{|}}",
		"{% autoescape off %}{% endautoescape %}{% endautoescape %}", "{% filter %}", "{{ 'a|safe'|safe }}",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fr := scanTemplate("templates/f.html", src)
		lines := strings.Count(string(src), "\n") + 1
		for _, s := range fr.sites {
			if s.Line < 1 || s.Line > lines || s.Col < 1 {
				t.Fatalf("site out of range: %+v (lines=%d)", s, lines)
			}
		}
	})
}

// TestTextTemplates: plain-text templates (email bodies, subjects, Markdown)
// get no XSS sites; the same text in an HTML template does.
func TestTextTemplates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		rel, src string
		text     bool
	}{
		{"app/templates/app/mail.txt", "{% autoescape off %}Hello {{ name|safe }}{% endautoescape %}", true},
		{"app/templates/app/notes.md", "# {{ title|safe }}", true},
		{"app/templates/app/welcome.email", "Hi {{ user|safe }}", true},
		{"app/templates/registration/password_reset_email.html", "{% autoescape off %}\nReset: {{ url|safe }}\n{% endautoescape %}", true},
		{"templates/emails/alert-subject.html", "{{ check.name|safe }} is down", true},
		{"templates/emails/alert-body.html", "<p>{{ check.name|safe }}</p>", false},
		{"app/templates/app/card.txt", "<div>{{ body|safe }}</div>", false},
		{"app/templates/app/page.html", "{{ body|safe }}", false},
		{"app/templates/app/feed.xml", "<item>{{ body|safe }}</item>", false},
		{"app/templates/app/mail.txt", "1 < 2 and a<b>{{ x|safe }}</b>", false},
		{"app/templates/app/mail.txt", "x <= y, <notatag>, a < b", true},
		{"app/templates/docs/page.rst.html", "{{ file.content|safe }}", true},
		{"app/templates/app/alert_subject.html", "{{ check.name|safe }} is down", true},
		{"app/templates/app/richtext.html", "{{ html|safe }}", false},
	}
	for _, tt := range tests {
		fr := scanTemplate(tt.rel, []byte(tt.src))
		if fr.textTemplate != tt.text {
			t.Errorf("%s %q: text template = %v, want %v", tt.rel, tt.src, fr.textTemplate, tt.text)
		}
		if tt.text && len(fr.sites) > 0 {
			t.Errorf("%s: plain-text template has sites %v", tt.rel, siteKeys(fr.sites))
		}
		if !tt.text && len(fr.sites) == 0 {
			t.Errorf("%s %q: HTML template lost its |safe site", tt.rel, tt.src)
		}
	}
}

// templateWants reads the "{# want: rule #}" annotations of the template
// fixtures under dir, as "file:rule@line".
func templateWants(t *testing.T, dir string) []string {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".html" {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		for i, line := range strings.Split(string(src), "\n") {
			if _, want, ok := strings.Cut(line, "{# want: "); ok {
				want, _, _ = strings.Cut(want, " #}")
				out = append(out, fmt.Sprintf("%s:%s@%d", filepath.ToSlash(rel), want, i+1))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// TestTemplateUsage: a template with no HTML tag is text when the project
// names it only as the first argument of a helper; rendered by a view,
// included by a template, extending a page, handed the request, wrapped
// in a response, assigned to template_name or never named, it stays HTML.
func TestTemplateUsage(t *testing.T) {
	dir := filepath.Join("testdata", "usage")
	res, err := Dir(dir, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range res.Sites {
		got = append(got, fmt.Sprintf("%s:%s@%d", s.File, s.Rule, s.Line))
	}
	sort.Strings(got)
	if want := templateWants(t, dir); !reflect.DeepEqual(got, want) {
		t.Errorf("sites:\n got %v\nwant %v", got, want)
	}
	if res.TextTemplates != 2 {
		t.Errorf("TextTemplates = %d, want 2 (push_title.html, sms_body.html)", res.TextTemplates)
	}
	// Scanning chosen files sees no project index: nothing becomes text by usage.
	files, err := Files(dir, []string{"app/notify.py", "app/templates/app/push_title.html"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(files.Sites) != 1 || files.TextTemplates != 0 {
		t.Errorf("Files: sites %v, text templates %d; want the |safe site and none", siteKeys(files.Sites), files.TextTemplates)
	}
}

func TestCollectTemplateNames(t *testing.T) {
	src := `x = self.tmpl("a/title.html", **ctx)
y = notify(
    'b.htm', c)
render(request, "c.html")
names = ["d.html"]
helper("e.html", request)
HttpResponse(helper("f.html"))
helper(other, "g.html")
"""Docs mention h.html."""
helper(f"{kind}.html")
self.assertTemplateUsed(r, "i.html")
`
	u := templateUsage{}
	collectTemplateNames([]byte(src), u)
	want := templateUsage{
		"a/title.html": usedAsText, "b.htm": usedAsText, "c.html": usedAsPage, "d.html": usedAsPage,
		"e.html": usedAsPage, "f.html": usedAsPage, "g.html": usedAsPage, "i.html": usedAsPage,
	}
	if !reflect.DeepEqual(u, want) {
		t.Errorf("usage = %v, want %v", u, want)
	}
	names, refs := templateRefs([]byte(`{% extends "base.html" %}{% include 'row.html' with x=1 %}{%- include name -%}`))
	if !refs || !reflect.DeepEqual(names, []string{"base.html", "row.html"}) {
		t.Errorf("templateRefs = %v, %v", names, refs)
	}
	if got := templateNames("app/templates/app/x.html", []string{"app"}); !reflect.DeepEqual(got, []string{"app/x.html", "templates/app/x.html"}) {
		t.Errorf("templateNames = %v", got)
	}
}
