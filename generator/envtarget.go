package generator

import (
	"fmt"
	"path"
	"strings"

	"github.com/djharden/djharden/checklist/pysource"
	"github.com/djharden/djharden/envfile"
)

// sourceFiles are project files an env file may never be.
var sourceFiles = map[string]bool{
	"manage.py": true, "requirements.txt": true, "pyproject.toml": true, "setup.py": true, "setup.cfg": true,
	"Pipfile": true, "Pipfile.lock": true, "poetry.lock": true, "uv.lock": true, ".gitignore": true,
	"Dockerfile": true, "Procfile": true, "README.md": true, ".env.example": true,
}

// checkEnvTarget refuses an env file that is a project source file or a
// file the plan also edits (a settings module, .env.example).
func (b *builder) checkEnvTarget(edited []string) error {
	f := b.a.EnvFile
	base := path.Base(f)
	bad := func(why string) error {
		return fmt.Errorf("%w: --env-file %s %s; name a file of its own, such as .env.production", ErrInvalidAnswers, f, why)
	}
	switch {
	case f == ".git" || strings.HasPrefix(f, ".git/") || f == ".djharden" || strings.HasPrefix(f, ".djharden/"):
		return bad("is inside " + strings.SplitN(f, "/", 2)[0])
	case sourceFiles[base] || strings.HasSuffix(base, ".py") || strings.HasPrefix(base, "requirements") && strings.HasSuffix(base, ".txt"):
		return bad("is a project source file")
	}
	for _, e := range edited {
		if e == f {
			return bad("is a settings file apply edits")
		}
	}
	if _, ok := b.p.Files[f]; ok {
		return bad("is a Python file of the project")
	}
	return nil
}

// devEnv reports whether an existing env file is a development one:
// DEBUG on, or hosts that are all local.
func devEnv(env *envfile.File, v envVars) bool {
	vals := env.Values()
	for _, k := range []string{v.Debug, "DEBUG", "DJANGO_DEBUG"} {
		switch strings.ToLower(strings.TrimSpace(vals[k])) {
		case "1", "true", "yes", "on", "y", "t":
			return true
		}
	}
	for _, k := range []string{v.AllowedHosts, "ALLOWED_HOSTS", "DJANGO_ALLOWED_HOSTS"} {
		hs, ok := vals[k]
		if !ok || strings.TrimSpace(hs) == "" {
			continue
		}
		local := true
		for _, h := range strings.Split(hs, ",") {
			switch strings.TrimSpace(h) {
			case "localhost", "127.0.0.1", "[::1]", "0.0.0.0", "*", "":
			default:
				local = false
			}
		}
		if local {
			return true
		}
	}
	return false
}

// chooseEnvFile settles where the production values go. A tracked file
// the user named is refused (writing a real secret there publishes it); a
// development or tracked .env the user did not name is left alone, and
// the values go to .env.production instead.
func (b *builder) chooseEnvFile(named bool) error {
	old, err := b.read(b.a.EnvFile)
	if err != nil {
		return err
	}
	dev := old != "" && devEnv(envfile.Parse([]byte(old)), b.vars)
	if named && dev {
		return fmt.Errorf("%w: %s is a development env file (DEBUG on or local hosts only): production values would be mixed into it; name another file, such as .env.production (nothing was written)", ErrCannotEdit, b.a.EnvFile)
	}
	if !named {
		tracked := b.p.TrackedFiles(b.a.EnvFile)[b.a.EnvFile]
		if dev || tracked {
			prod := b.a.EnvFile + ".production"
			if b.a.EnvFile == ".env" {
				prod = ".env.production"
			}
			what := "is a development env file (DEBUG on or local hosts only)"
			if tracked {
				// Heroku's getting-started tracks .env for `heroku local`:
				// a secret written there would be published.
				what = "is tracked by git (a development file, as for `heroku local`), so no secret may go there"
			}
			b.plan.Notes = append(b.plan.Notes, fmt.Sprintf("%s %s: it stays as it is, and the production values go to %s. Load that file in production (systemd EnvironmentFile=, docker compose env_file:, or your platform's settings); the settings read the values from the environment.", b.a.EnvFile, what, prod))
			b.devEnvKept = b.a.EnvFile
			b.a.EnvFile = prod
			b.plan.Answers.EnvFile = prod
		}
	}
	if tracked := b.p.TrackedFiles(b.a.EnvFile); tracked[b.a.EnvFile] {
		return fmt.Errorf("%w: git tracks %s, so a real secret written there would be published; run `git rm --cached %s`, commit, and rotate every secret it held, then apply again (nothing was written)", ErrCannotEdit, b.a.EnvFile, b.a.EnvFile)
	}
	return nil
}

// envFileReadNote says when the settings will not read the env file by
// themselves.
func (b *builder) envFileReadNote(d blockData) {
	f := b.a.EnvFile
	switch {
	case b.style == "decouple" && f != ".env" && f != "settings.ini":
		b.plan.Notes = append(b.plan.Notes, fmt.Sprintf("python-decouple reads only .env or settings.ini, not %s: in production export its values as environment variables (or install it as .env there).", f))
	case b.style == "environ" && !d.CreateEnv:
		names, found := b.readEnvFiles(b.chainFiles())
		for _, n := range names {
			if n == path.Base(f) || (n == "" && path.Base(f) == ".env") {
				return
			}
		}
		if found || f != ".env" {
			b.plan.Notes = append(b.plan.Notes, fmt.Sprintf("The settings' read_env does not load %s: set its values in the production environment (or point read_env at it there).", f))
		}
	case b.style == "os" && f != ".env":
		b.plan.Notes = append(b.plan.Notes, fmt.Sprintf("Nothing in the settings loads %s: set its values in the production environment (systemd EnvironmentFile=, docker compose env_file:, or your platform's settings).", f))
	}
}

// readEnvFiles lists the file names the chain's read_env / load_dotenv
// calls name (the last string of their path argument, e.g. ".env" of
// str(BASE_DIR / ".env")); a call without a path argument gives "".
func (b *builder) readEnvFiles(chain []string) (names []string, found bool) {
	for _, f := range chain {
		m := b.modules[f]
		if m == nil {
			continue
		}
		pysource.Walk(m.Body, func(s *pysource.Stmt, parents []*pysource.Stmt) bool {
			call, ok := s.Value.(*pysource.Call)
			if s.Kind != pysource.StmtExpr || !ok {
				return true
			}
			fn := pysource.DottedName(call.Func)
			last := fn[strings.LastIndexByte(fn, '.')+1:]
			if last != "read_env" && last != "load_dotenv" {
				return true
			}
			found = true
			var arg pysource.Expr
			if len(call.Args) > 0 {
				arg = call.Args[0]
			}
			for _, k := range call.Keywords {
				if k.Name == "env_file" || k.Name == "dotenv_path" || k.Name == "path" {
					arg = k.Value
				}
			}
			names = append(names, lastString(arg))
			return true
		})
	}
	return names, found
}

// lastString is the last string literal inside e ("" when none).
func lastString(e pysource.Expr) string {
	switch x := e.(type) {
	case *pysource.Str:
		return path.Base(strings.ReplaceAll(x.Value, "\\", "/"))
	case *pysource.BinOp:
		if s := lastString(x.Y); s != "" {
			return s
		}
		return lastString(x.X)
	case *pysource.Call:
		for i := len(x.Args) - 1; i >= 0; i-- {
			if s := lastString(x.Args[i]); s != "" {
				return s
			}
		}
	}
	return ""
}
