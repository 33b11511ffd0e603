package project

import (
	"strings"
	"testing"
)

// The line readers must never panic or loop on any input.

func FuzzReadTOML(f *testing.F) {
	for _, seed := range []string{
		"[tool.poetry.dependencies]\ndjango = \"^4.2\"\n",
		"[[package]]\nname = \"django\"\nversion = \"5.0.1\"\n",
		"deps = [\n \"a\", # c\n 'b',\n]\n",
		"x = { version = \"1\" }\n", "[", "a = [[[", "\"unterminated = 1", "k = '\\'\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		for _, e := range readTOML([]byte(src)) {
			if e.Line < 1 || e.Line > strings.Count(src, "\n")+1 {
				t.Fatalf("line %d out of range", e.Line)
			}
			tomlStrings(e.Value)
			tomlInlineField(e.Value, "version")
		}
	})
}

func FuzzParseRequirement(f *testing.F) {
	for _, seed := range []string{"Django==4.2.1", "django[x]>=4,<5; python_version>'3'", "Django ~= 5.0 --hash=sha256:1",
		"Django (>=3.2)", "Django==", "django>=99999999999999999999", "^4.2", "==4.2.*", ",,,", "Django>=4.2,<"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, line string) {
		v, pinned, _ := parseRequirement(line)
		if pinned && !v.Known {
			t.Fatalf("pinned but unknown: %+v", v)
		}
		if v.Known && (v.Major < 0 || v.Minor < 0) {
			t.Fatalf("negative version: %+v", v)
		}
		parseSpec(line, true)
	})
}

func FuzzFindRefs(f *testing.F) {
	for _, seed := range []string{
		"os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'a.b')\n",
		"ENV DJANGO_SETTINGS_MODULE=a.b\n", "- key: DJANGO_SETTINGS_MODULE\n  value: a\n", "DJANGO_SETTINGS_MODULE",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data string) {
		for _, name := range []string{"manage.py", "Procfile", "render.yaml"} {
			kind, _ := refKindOf(name)
			for _, r := range findRefs(name, kind, []byte(data)) {
				if r.Module == "" || r.Line < 1 {
					t.Fatalf("bad ref %+v", r)
				}
			}
		}
	})
}
