package generator

import (
	"github.com/djharden/djharden/checklist/pysource"

	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSecretEditor(t *testing.T) {
	key := "k8#vq2@x9!mz7&p0w4-e1r6t5y3u8i2o9p7a6s5d4f3g2h1j0k9l"
	// A shared base module: the key falls back to the development-only key.
	dkq := devKeyExpr("'")
	dkd := devKeyExpr("\"")
	hash := "import hashlib  # djharden: derives the development-only key\n"
	varFor := func(setting string) string {
		if setting == "SECRET_KEY" {
			return "DJANGO_SECRET_KEY"
		}
		return "DJANGO_DB_PASSWORD"
	}
	cases := []struct {
		name, style, src, want string
		moved                  int
	}{
		{"literal key", "os", "import os\nSECRET_KEY = '" + key + "'  # from the tutorial\n",
			"import os\n" + hash + "SECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', '') or " + dkq + "  # from the tutorial\n", 1},
		{"literal key, import added", "os", "DEBUG = True\nSECRET_KEY = \"" + key + "\"\n",
			"DEBUG = True\nimport os  # djharden: reads secrets from the environment\n" + hash + "SECRET_KEY = os.environ.get(\"DJANGO_SECRET_KEY\", \"\") or " + dkd + "  " + devKeyComment + "\n", 1},
		{"os fallback", "os", "import os\nSECRET_KEY = os.environ.get(\"DJANGO_SECRET_KEY\", \"django-insecure-" + key + "\")\n",
			"import os\n" + hash + "SECRET_KEY = os.environ.get(\"DJANGO_SECRET_KEY\", " + dkd + ")  " + devKeyComment + "\n", 1},
		{"getenv fallback", "os", "import os\nSECRET_KEY = os.getenv('SECRET_KEY', '" + key + "')\n",
			"import os\n" + hash + "SECRET_KEY = os.getenv('SECRET_KEY', " + dkq + ")  " + devKeyComment + "\n", 1},
		{"environ default", "environ", "import environ\nenv = environ.Env()\nSECRET_KEY = env(\"SECRET_KEY\", default=\"" + key + "\")\n",
			"import environ\nenv = environ.Env()\n" + hash + "SECRET_KEY = env(\"SECRET_KEY\", default=" + dkd + ")  " + devKeyComment + "\n", 1},
		{"decouple default", "decouple", "from decouple import config\nSECRET_KEY = config('SECRET_KEY', default='" + key + "')\n",
			"from decouple import config\n" + hash + "SECRET_KEY = config('SECRET_KEY', default=" + dkq + ")  " + devKeyComment + "\n", 1},
		{"random fallback", "os", "import os, secrets\nSECRET_KEY = os.environ.get(\"DJANGO_SECRET_KEY\", default=secrets.token_urlsafe(nbytes=64))\n",
			"import os, secrets\n" + hash + "SECRET_KEY = os.environ.get(\"DJANGO_SECRET_KEY\", default=" + dkd + ")  " + devKeyComment + "\n", 1},
		{"random fallback over lines", "environ", "import environ\nfrom django.core.management.utils import get_random_secret_key\nenv = environ.Env()\nSECRET_KEY = env(\n    'SECRET_KEY',\n    default=get_random_secret_key(),\n)\n",
			"import environ\nfrom django.core.management.utils import get_random_secret_key\nenv = environ.Env()\n" + hash + "SECRET_KEY = env(\n    'SECRET_KEY',\n    default=" + dkq + ",\n)  " + devKeyComment + "\n", 1},
		{"a computed fallback that is not random stays", "os", "import os\nSECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', read_key_file())\n",
			"import os\nSECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', read_key_file())\n", 0},
		{"email password fallback", "os", "import os\nEMAIL_HOST_PASSWORD = os.environ.get('MAIL_PASSWORD', 'mailpass123')\n",
			"import os\nEMAIL_HOST_PASSWORD = os.environ.get('MAIL_PASSWORD', '')\n", 1},
		{"env read without fallback stays", "os", "import os\nSECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]\n",
			"import os\nSECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]\n", 0},
		{"database password", "os", "import os\nDATABASES = {\n    'default': {\n        'PASSWORD': 'hunter2hunter2',\n    }\n}\n",
			"import os\nDATABASES = {\n    'default': {\n        'PASSWORD': os.environ.get('DJANGO_DB_PASSWORD', ''),\n    }\n}\n", 1},
		{"parenthesised key over lines", "os", "import os\nSECRET_KEY = (\n    '" + key[:20] + "'\n    '" + key[20:] + "'\n)\nDEBUG = False\n",
			"import os\n" + hash + "SECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', '') or " + dkq + "  " + devKeyComment + "\nDEBUG = False\n", 1},
		{"CRLF kept", "os", "import os\r\nSECRET_KEY = '" + key + "'\r\nDEBUG = False\r\n",
			"import os\r\n" + strings.ReplaceAll(hash, "\n", "\r\n") + "SECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', '') or " + dkq + "  " + devKeyComment + "\r\nDEBUG = False\r\n", 1},
		{"raw string with an escaped quote", "os", "import os\nSECRET_KEY = r'" + key[:30] + "\\'" + key[30:] + "'\n",
			"import os\n" + hash + "SECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', '') or " + dkq + "  " + devKeyComment + "\n", 1},
		{"inside an if block: imports indented there", "os", "DEBUG = True\nif DEBUG:\n    SECRET_KEY = '" + key + "'\n",
			"DEBUG = True\nif DEBUG:\n    import os  # djharden: reads secrets from the environment\n    " + hash + "    SECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', '') or " + dkq + "  " + devKeyComment + "\n", 1},
		{"a def body is not settings", "os", "def f():\n    SECRET_KEY = '" + key + "'\n", "def f():\n    SECRET_KEY = '" + key + "'\n", 0},
		{"the managed block is left alone", "os", BlockBegin + "\nSECRET_KEY = '" + key + "'\n" + BlockEnd + "\n", BlockBegin + "\nSECRET_KEY = '" + key + "'\n" + BlockEnd + "\n", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := &secretEditor{style: c.style, envObj: "env", varFor: varFor, dev: true}
			got, moved := e.edit("settings.py", c.src, pysource.Parse([]byte(c.src)))
			if got != c.want {
				t.Errorf("edit:\n%s\nwant:\n%s", got, c.want)
			}
			if len(moved) != c.moved {
				t.Fatalf("moved %d secrets, want %d", len(moved), c.moved)
			}
			for _, m := range moved {
				if m.Random != "" {
					if m.Value != "" || strings.Contains(got, m.Random+"(") {
						t.Errorf("the random fallback %s is still in the file, or recorded as a value", m.Random)
					}
					continue
				}
				if m.Value == "" || strings.Contains(got, m.Value) {
					t.Errorf("the secret %s is still in the file or was not recorded", m.Setting)
				}
			}
		})
	}
}

func TestBuildRefusesUnparsableSettings(t *testing.T) {
	root := t.TempDir()
	settings := filepath.Join(root, "mysite", "settings.py")
	if err := os.MkdirAll(filepath.Dir(settings), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(settings, []byte("DEBUG = True\nALLOWED_HOSTS = [\n    'a.com'\nSECRET_KEY = 'x'\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Build(startprojectProject(root, 3, 2, "os"), Answers{Domains: []string{"example.com"}, HTTPS: HTTPSDirect})
	if !errors.Is(err, ErrSettingsUnparsable) || !strings.Contains(err.Error(), "mysite/settings.py:") {
		t.Fatalf("Build = %v, want ErrSettingsUnparsable naming the line", err)
	}
}

func TestPasswordFallbackKeepsItsVariable(t *testing.T) {
	src := "import os\nEMAIL_HOST_PASSWORD = os.environ.get('MAIL_PASSWORD', 'mailpass123')\n"
	e := &secretEditor{style: "os", varFor: func(string) string { return "DJANGO_EMAIL_HOST_PASSWORD" }}
	_, moved := e.edit("settings.py", src, pysource.Parse([]byte(src)))
	if len(moved) != 1 || moved[0].Var != "MAIL_PASSWORD" || moved[0].Value != "mailpass123" {
		t.Fatalf("moved = %+v, want the value under MAIL_PASSWORD, the variable the line reads", moved)
	}
}

// In the module that gets the block, a random fallback becomes "": the
// block's guard then refuses a production start without the variable.
func TestRandomKeyFallbackInTheBlocksModule(t *testing.T) {
	src := "import os\nimport secrets\nSECRET_KEY = os.environ.get(\"DJANGO_SECRET_KEY\", secrets.token_hex(32))\n"
	e := &secretEditor{style: "os", varFor: func(string) string { return "DJANGO_SECRET_KEY" }}
	got, moved := e.edit("settings.py", src, pysource.Parse([]byte(src)))
	want := "import os\nimport secrets\nSECRET_KEY = os.environ.get(\"DJANGO_SECRET_KEY\", \"\")\n"
	if got != want || len(moved) != 1 || moved[0].Random != "secrets.token_hex" || moved[0].Var != "DJANGO_SECRET_KEY" {
		t.Fatalf("edit:\n%s\nmoved %+v\nwant:\n%s", got, moved, want)
	}
}
