package checklist

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func sampleReport() *Report {
	key := "k8#vq2@x9!mz7&p0w4$e1r6t5y3u8i2o9p7a6s5d4f3g2h1j0k9l"
	return &Report{
		SchemaVersion: 1,
		Project:       ProjectInfo{Root: "/p", SettingsModule: "mysite.settings", DjangoVersion: "3.2.25", EnvStyle: "os"},
		Findings: []Finding{
			{ID: "debug", Title: "DEBUG is off in production", Status: Fail, DjangoIDs: []string{"security.W018"},
				Message: "DEBUG is on", Locations: []Location{{File: "mysite/settings.py", Line: 26, Source: "DEBUG = True"}}},
			{ID: "secret-key", Title: "SECRET_KEY", Status: Warn,
				Problems: []Problem{{Status: Warn, Message: "literal key", Locations: []Location{{File: "mysite/settings.py", Line: 23, Source: "SECRET_KEY = '" + key + "'"}}}}},
			{ID: "proxy-ssl-header", Title: "proxy", Status: Pass},
		},
	}
}

func TestWriteJSONContract(t *testing.T) {
	r := sampleReport()
	var buf bytes.Buffer
	if err := WriteJSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, "null") {
		t.Errorf("JSON has a null where a list belongs:\n%s", out)
	}
	if strings.Contains(out, "x9!mz7") {
		t.Error("JSON shows the secret key")
	}
	if !strings.Contains(r.Findings[1].Problems[0].Locations[0].Source, "x9!mz7") {
		t.Error("WriteJSON changed the caller's report")
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"schema_version", "project", "summary", "findings"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	f0 := doc["findings"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "title", "status", "django_ids", "message", "locations"} {
		if _, ok := f0[k]; !ok {
			t.Errorf("finding lacks %q", k)
		}
	}
}

func TestWriteTextPlain(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteText(&buf, sampleReport(), TextOptions{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, "\x1b[") {
		t.Error("plain text output has escape codes")
	}
	for _, want := range []string{"✗ fail", "mysite/settings.py:26", "DEBUG = True", "Score: 1 of 3 hardened"} {
		if !strings.Contains(out, want) {
			t.Errorf("text report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "x9!mz7") {
		t.Error("text report shows the secret key")
	}
}

func TestWriteTextShowsNotes(t *testing.T) {
	r := sampleReport()
	r.Notes = []Note{{File: "mysite/settings.py", Line: 126, Message: "Python cannot parse this line"}}
	var buf bytes.Buffer
	if err := WriteText(&buf, r, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "note mysite/settings.py:126: Python cannot parse this line") {
		t.Errorf("the note is missing:\n%s", buf.String())
	}
}

// The history search says how far it looked whether or not it found the
// key: a clean result is only as good as the history it covered.
func TestWriteTextSaysHowFarHistoryWasSearched(t *testing.T) {
	r := sampleReport()
	var buf bytes.Buffer
	if err := WriteText(&buf, r, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "history ") {
		t.Errorf("no search ran, yet the header has a history line:\n%s", buf.String())
	}
	r.Project.GitHistory = "searched Python, env and config files in all 5000 commits of every branch and tag"
	buf.Reset()
	if err := WriteText(&buf, r, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "history   searched Python, env and config files in all 5000 commits") {
		t.Errorf("the history line is missing:\n%s", buf.String())
	}
}
