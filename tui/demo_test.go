package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDemoProjectCopiesTheSample(t *testing.T) {
	root, err := DemoProject()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(filepath.Dir(root)) })
	cases := []struct{ file, want string }{
		{"mysite/settings.py", "DEBUG = True"},
		{"mysite/settings.py", "ALLOWED_HOSTS = []"},
		{"mysite/settings.py", "'PASSWORD': 'hunter2-shop-db'"},
		{"shop/views.py", `cursor.execute(f"SELECT`},
		{"shop/views.py", "mark_safe('<p>Results for ' + term"},
		{"shop/views.py", "@csrf_exempt"},
		{"templates/shop/product.html", "{{ description|safe }}"},
		{"requirements.txt", "Django==3.2.25"},
	}
	for _, c := range cases {
		data, err := os.ReadFile(filepath.Join(root, c.file))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), c.want) {
			t.Errorf("%s lacks %q", c.file, c.want)
		}
		if strings.Contains(string(data), "django-insecure-") {
			t.Errorf("%s: the demo key must look like a real one", c.file)
		}
	}
	if st, err := os.Stat(filepath.Join(root, "manage.py")); err != nil || st.Mode().Perm()&0o100 == 0 {
		t.Errorf("manage.py is not executable: %v", err)
	}
}
