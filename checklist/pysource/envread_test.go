package pysource

import (
	"fmt"
	"strings"
	"testing"
)

// readSummary describes an EnvRead compactly for table tests.
func readSummary(r EnvRead) string {
	parts := []string{r.Var, r.Library, r.Func}
	if r.Cast != "" {
		parts = append(parts, "cast="+r.Cast)
	}
	if r.HasDefault {
		parts = append(parts, "default="+Format(r.Default))
	}
	if r.Required {
		parts = append(parts, "required")
	}
	if r.TruthyString {
		parts = append(parts, "truthy-string")
	}
	if r.CompareTrue {
		parts = append(parts, "true-words="+strings.Join(r.TrueWords, ","))
	}
	if r.FalseWords != nil {
		parts = append(parts, "false-words="+strings.Join(r.FalseWords, ","))
	}
	return strings.Join(parts, " ")
}

func TestEnvReadOf(t *testing.T) {
	const osPrelude = "import os\n"
	tests := []struct {
		name, src, want string // src's last line is "X = <expr>"; want "" = not a read
	}{
		{"environ subscript", osPrelude + `X = os.environ["SECRET_KEY"]`, "SECRET_KEY os os.environ[] required"},
		{"environ get", osPrelude + `X = os.environ.get("DEBUG")`, "DEBUG os os.environ.get"},
		{"environ get default", osPrelude + `X = os.environ.get("DEBUG", False)`, "DEBUG os os.environ.get default=False"},
		{"getenv default kw", osPrelude + `X = os.getenv("H", default="x")`, "H os os.getenv default='x'"},
		{"setdefault", osPrelude + `X = os.environ.setdefault("S", "v")`, "S os os.environ.setdefault default='v'"},
		{"from os import environ", "from os import environ\nX = environ.get('A')", "A os environ.get"},
		{"from os import getenv as ge", "from os import getenv as ge\nX = ge('A', '1')", "A os ge default='1'"},
		{"import os as o", "import os as o\nX = o.environ['A']", "A os o.environ[] required"},
		{"environ alias var", osPrelude + "E = os.environ\nX = E['A']", "A os E[] required"},
		{"django-environ environ is not os", "import environ\nX = environ.get('A')", ""},
		{"bool wrapper", osPrelude + `X = bool(os.environ.get("DEBUG"))`, "DEBUG os os.environ.get truthy-string"},
		{"int wrapper", osPrelude + `X = int(os.getenv("N", "0"))`, "N os os.getenv cast=int default='0'"},
		{"split", osPrelude + `X = os.environ.get("H", "a,b").split(",")`, "H os os.environ.get cast=list default='a,b'"},
		{"lower eq true", osPrelude + `X = os.environ.get("D", "").lower() == "true"`, "D os os.environ.get cast=bool default='' true-words=true"},
		{"eq True reversed", osPrelude + `X = "True" == os.environ.get("D")`, "D os os.environ.get cast=bool true-words=True"},
		{"in tuple", osPrelude + `X = os.environ.get("D", "0").lower() in ("1", "true", "yes")`, "D os os.environ.get cast=bool default='0' true-words=1,true,yes"},
		{"negation", osPrelude + `X = os.environ.get("D", "") != "False"`, "D os os.environ.get cast=bool default='' false-words=False"},
		{"not in", osPrelude + `X = os.getenv("D", "").lower() not in ["0", "false"]`, "D os os.getenv cast=bool default='' false-words=0,false"},
		{"strip comprehension", osPrelude + `X = [v.strip() for v in os.environ.get("H", "a").split(",") if v.strip()]`, "H os os.environ.get cast=csv default='a'"},
		{"identity comprehension", osPrelude + `X = [h for h in os.environ["H"].split(",")]`, "H os os.environ[] cast=list required"},
		{"comprehension that transforms", osPrelude + `X = [v.upper() for v in os.environ.get("H", "").split(",")]`, ""},
		{"comprehension over a non-read", osPrelude + `X = [v.strip() for v in HOSTS if v.strip()]`, ""},
		{"or default", osPrelude + `X = os.environ.get("K") or "dev"`, "K os os.environ.get default='dev'"},
		{"not a read", osPrelude + `X = os.path.join("a", "b")`, ""},
		{"f-string var is not a literal", osPrelude + `X = os.environ[f"{P}_KEY"]`, ""},
		{"environ call with scheme", "import environ\nenv = environ.Env(DEBUG=(bool, False))\nX = env('DEBUG')", "DEBUG environ env cast=bool default=False"},
		{"environ call no default", "import environ\nenv = environ.Env()\nX = env('SECRET_KEY')", "SECRET_KEY environ env required"},
		{"environ call cast kw", "import environ\nenv = environ.Env()\nX = env('C', default=False, cast=bool)", "C environ env cast=bool default=False"},
		{"environ bool", "import environ\nenv = environ.Env()\nX = env.bool('D', default=True)", "D environ env.bool cast=bool default=True"},
		{"environ int positional default", "import environ\nenv = environ.Env()\nX = env.int('N', 0)", "N environ env.int cast=int default=0"},
		{"environ list", "import environ\nenv = environ.Env(ALLOWED_HOSTS=(list, []))\nX = env.list('ALLOWED_HOSTS')", "ALLOWED_HOSTS environ env.list cast=list default=[]"},
		{"environ db default var", "import environ\nenv = environ.Env()\nX = env.db()", "DATABASE_URL environ env.db cast=url required"},
		{"from environ import Env", "from environ import Env\nE = Env()\nX = E.str('S')", "S environ E.str cast=str required"},
		{"decouple", "from decouple import config\nX = config('D', default=False, cast=bool)", "D decouple config cast=bool default=False"},
		{"decouple required", "from decouple import config\nX = config('SECRET_KEY')", "SECRET_KEY decouple config required"},
		{"decouple Csv", "from decouple import config, Csv\nX = config('H', cast=Csv())", "H decouple config cast=csv required"},
		{"decouple positional default", "from decouple import config\nX = config('P', '')", "P decouple config default=''"},
		{"decouple module", "import decouple\nX = decouple.config('A', default='b')", "A decouple decouple.config default='b'"},
		{"decouple AutoConfig", "from decouple import AutoConfig\ncfg = AutoConfig(search_path='/x')\nX = cfg('A', cast=int, default=3)", "A decouple cfg cast=int default=3"},
		{"helper bool", osPrelude + "def env_bool(name, default=False):\n    return os.environ.get(name, str(default)).lower() in ('1', 'true')\nX = env_bool('DEBUG')", "DEBUG custom env_bool cast=bool default=False true-words=1,true"},
		{"helper bool passed default", osPrelude + "def env_bool(name, default=False):\n    return os.environ.get(name, str(default)).lower() in ('1', 'true')\nX = env_bool('DEBUG', True)", "DEBUG custom env_bool cast=bool default=True true-words=1,true"},
		{"helper through local", osPrelude + "def get(name, default=None):\n    value = os.environ.get(name, default)\n    return value\nX = get('A')", "A custom get"},
		{"helper required", osPrelude + "def get_env(name):\n    try:\n        return os.environ[name]\n    except KeyError:\n        raise\nX = get_env('S')", "S custom get_env required"},
		{"helper with default param", osPrelude + "def get_env(name, default=None):\n    try:\n        return os.environ[name]\n    except KeyError:\n        return default\nX = get_env('S', 'dev')", "S custom get_env default='dev'"},
		{"helper fixed var", osPrelude + "def debug():\n    return os.getenv('DEBUG') == '1'\nX = debug()", "DEBUG custom debug cast=bool true-words=1"},
		{"nested helper def is not module level", osPrelude + "class C:\n    def h(name):\n        return os.environ[name]\nX = h('A')", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Parse([]byte(tt.src + "\n"))
			if len(m.Issues) > 0 {
				t.Fatalf("issues: %+v", m.Issues)
			}
			as := m.Assignments()
			last := as[len(as)-1]
			r, ok := EnvReadOf(last.Value, m.EnvContext())
			got := ""
			if ok {
				got = readSummary(r)
				if r.At != last.Value.Pos() {
					t.Errorf("At = %v, want %v", r.At, last.Value.Pos())
				}
			}
			if got != tt.want {
				t.Errorf("EnvReadOf(%s)\n got  %q\n want %q", Format(last.Value), got, tt.want)
			}
		})
	}
}

func TestEnvContextHelpersAndObjects(t *testing.T) {
	src := `import os
import environ
from decouple import config as cfg
env = environ.Env(DEBUG=(bool, False), HOSTS=list)
def env_bool(name, default=False):
    return os.environ.get(name, str(default)).lower() in ("1", "true")
def unrelated(x):
    return x + 1
`
	ctx := Parse([]byte(src)).EnvContext()
	var got []string
	for name, scheme := range ctx.EnvObjects {
		for v, s := range scheme {
			got = append(got, fmt.Sprintf("%s.%s:%s:%v", name, v, s.Cast, s.HasDefault))
		}
	}
	for name := range ctx.Helpers {
		got = append(got, "helper:"+name+":"+ctx.Helpers[name].Cast)
	}
	for name := range ctx.Config {
		got = append(got, "config:"+name)
	}
	joined := strings.Join(got, " ")
	for _, want := range []string{"env.DEBUG:bool:true", "env.HOSTS:list:false", "helper:env_bool:bool", "config:cfg"} {
		if !strings.Contains(joined, want) {
			t.Errorf("missing %s in %s", want, joined)
		}
	}
	if strings.Contains(joined, "unrelated") {
		t.Errorf("unrelated function taken as a helper: %s", joined)
	}
}
