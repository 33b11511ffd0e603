package project

import (
	"testing"

	"github.com/djharden/djharden/internal/testenv"
)

// FuzzEvaluateSettings feeds arbitrary settings source, star-imported from
// a second module, with and without an env file: evaluation must never
// panic, must give the same streamed as over parsed trees, and every
// setting it reports must carry a name and, unless it is a default, a
// location inside the chain.
func FuzzEvaluateSettings(f *testing.F) {
	seeds := []string{
		"DEBUG = True\n",
		"import os\nDEBUG = os.environ.get('DEBUG', False)\nSECRET_KEY = os.environ['K']\n",
		"MIDDLEWARE = ['a']\nMIDDLEWARE += ('b',)\nMIDDLEWARE.insert(-9, 'c')\nMIDDLEWARE.remove('zz')\n",
		"DATABASES = {'default': {}}\nDATABASES['default']['PASSWORD'] = 'x'\nDATABASES['x']['y'] = 1\n",
		"from .base import *\nfrom . import base\nfrom ...x import *\n",
		"try:\n    from .local import *\nexcept ImportError:\n    DEBUG = 1\nelse:\n    DEBUG = 2\nfinally:\n    X = 3\n",
		"if DEBUG:\n    A = 1\nelif B:\n    A = 2\nelse:\n    A = [*A, *C]\n",
		"import environ\nenv = environ.Env(DEBUG=(bool, False))\nDEBUG = env('DEBUG')\nL = env.list('L')\n",
		"from decouple import config, Csv\nH = config('H', cast=Csv())\nD = config('D', cast=bool)\n",
		"A = B = C = {'a': [1, 2, {'b': (3,)}]}\nA['a'][2]['b'] = A\nX, Y = 1\n",
		"X = 1 + 'a'\nY = [1] * 10**9\nZ = -X\nW = not X\nV = X if Y else Z\n",
	}
	for _, s := range seeds {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, src string, withEnv bool) {
		dir := t.TempDir()
		files := map[string]string{
			"pkg/__init__.py": "",
			"pkg/base.py":     "DEBUG = True\nMIDDLEWARE = ['a', 'b']\n",
			"pkg/s.py":        "from .base import *\n" + src,
		}
		testenv.WriteTree(t, dir, files)
		p := &Project{Root: dir, Files: map[string]*SourceFile{}}
		if withEnv {
			p.EnvFile, p.EnvValues = "prod.env", map[string]string{"DEBUG": "False", "K": "k", "L": "a, b", "H": "x", "D": "maybe"}
		}
		s, chain, _ := evaluateBothWays(t, p, "pkg.s")
		if len(chain) == 0 {
			t.Fatal("the chain lost the module itself")
		}
		for name, set := range s.Values {
			if set == nil || set.Name != name {
				t.Fatalf("setting %q is %+v", name, set)
			}
			if !set.Default && set.Where.File != "pkg/s.py" && set.Where.File != "pkg/base.py" {
				t.Fatalf("%s located at %+v", name, set.Where)
			}
		}
	})
}
