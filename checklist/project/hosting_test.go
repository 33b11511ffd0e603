package project

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestHostingHintsFixtures(t *testing.T) {
	tests := []struct {
		fixture string
		root    string
		want    []string // kind file:line proxy
	}{
		{"startproject", "", nil},
		{"srclayout", "src", []string{"heroku ../Procfile:2 true", "gunicorn ../Procfile:2 false"}},
		{"cookiecutter", "", []string{"docker Dockerfile:8 false", "heroku Procfile:2 true", "gunicorn Procfile:2 false", "compose docker-compose.production.yml:8 true"}},
		{"environproject", "", []string{"fly fly.toml:1 true"}},
		{"decoupleproject", "", []string{"render render.yaml:1 true"}},
		{"customenv", "", []string{"appengine app.yaml:1 true", "gunicorn gunicorn.conf.py:3 false", "nginx deploy/nginx/tracker.conf:10 true"}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			root := filepath.Join(copyFixture(t, tt.fixture), filepath.FromSlash(tt.root))
			p := &Project{Root: root}
			var got []string
			for _, h := range p.hostingHints(buildIndex(root, root)) {
				got = append(got, fmt.Sprintf("%s %s:%d %v", h.Kind, h.File, h.Line, h.Proxy))
				if h.Detail == "" || !strings.HasSuffix(h.Detail, ".") {
					t.Errorf("%s: detail %q is not a sentence", h.Kind, h.Detail)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestHostingDetails(t *testing.T) {
	tests := []struct {
		file, data string
		proxy      bool
		detail     string // substring
	}{
		{"nginx.conf", "server {\n  location / {\n    proxy_pass http://app;\n    proxy_set_header X-Forwarded-Proto $scheme;\n  }\n}\n", true, "sets X-Forwarded-Proto"},
		{"site.conf", "server {\n  proxy_pass http://app;\n}\n", true, "does not set X-Forwarded-Proto"},
		{"supervisord.conf", "[program:web]\ncommand=gunicorn app.wsgi\n", false, ""},
		{"Caddyfile", "example.com {\n  reverse_proxy localhost:8000\n}\n", true, "Caddy terminates HTTPS"},
		{"railway.json", "{}", true, "Railway"},
		{"compose.yaml", "services:\n  web:\n    build: .\n", false, "no proxy service"},
		{"Dockerfile", "FROM python\nCMD gunicorn --certfile cert.pem app.wsgi\n", false, "serves HTTPS itself"},
		{"gunicorn.conf.py", "workers = 2\n", false, "only from 127.0.0.1"},
	}
	for _, tt := range tests {
		root := writeTree(t, map[string]string{tt.file: tt.data})
		p := &Project{Root: root}
		hints := p.hostingHints(buildIndex(root, root))
		if tt.detail == "" {
			if len(hints) != 0 {
				t.Errorf("%s: got hints %+v", tt.file, hints)
			}
			continue
		}
		if len(hints) != 1 || hints[0].Proxy != tt.proxy || !strings.Contains(hints[0].Detail, tt.detail) {
			t.Errorf("%s: got %+v", tt.file, hints)
		}
	}
}
