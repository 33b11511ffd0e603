package checklist

import (
	"fmt"
	"strings"

	"github.com/djharden/djharden/checklist/pysource"
)

var databaseItem = &Item{
	ID:    "database",
	Title: "The production database survives a deploy",
	Lesson: "SQLite keeps the whole database in one file on the server's disk.\n" +
		"On platforms whose disk is thrown away at each deploy or restart (Heroku, Render, Fly or Railway without a volume),\n" +
		"every deploy wipes it: use the platform's PostgreSQL, read from DATABASE_URL.",
	Docs: docs("databases"),
}

func init() { databaseItem.Check = settingsCheck(&databaseItem, checkDatabase) }

// urlRead is an environment read of a database URL.
type urlRead struct {
	Var, Default string
	HasDefault   bool
}

// strArg is a call's positional argument i (-1: none) or keyword name,
// and whether it is there and a plain string.
func strArg(call *pysource.Call, i int, name string) (value string, present, isStr bool) {
	var e pysource.Expr
	if i >= 0 && i < len(call.Args) {
		e = call.Args[i]
	}
	for _, kw := range call.Keywords {
		if kw.Name == name {
			e = kw.Value
		}
	}
	if e == nil {
		return "", false, false
	}
	s, ok := e.(*pysource.Str)
	if !ok || s.FString || s.Bytes {
		return "", true, false
	}
	return s.Value, true, true
}

// envURLRead recognises the usual ways of reading a database URL:
// dj_database_url.config(default=, env=), env.db("VAR", default=),
// decouple's config("VAR", default=, cast=db_url), and
// dj_database_url.parse() of an os.environ / os.getenv / config / env read.
func envURLRead(e pysource.Expr) (urlRead, bool) {
	call, ok := e.(*pysource.Call)
	if !ok {
		return urlRead{}, false
	}
	name := pysource.DottedName(call.Func)
	varArg, defArg := 0, 1
	switch {
	case strings.HasSuffix(name, "dj_database_url.config"):
		varArg, defArg = -1, 0
	case strings.HasSuffix(name, ".db") || strings.HasSuffix(name, ".db_url"):
	case name == "config":
		// decouple: a URL read only with a cast that parses it.
		if _, cast, _ := strArg(call, -1, "cast"); !cast {
			return urlRead{}, false
		}
	case strings.HasSuffix(name, "dj_database_url.parse") && len(call.Args) > 0:
		if sub, ok := call.Args[0].(*pysource.Subscript); ok && pysource.DottedName(sub.X) == "os.environ" {
			if s, ok := sub.Index.(*pysource.Str); ok {
				return urlRead{Var: s.Value}, true
			}
			return urlRead{}, false
		}
		inner, ok := call.Args[0].(*pysource.Call)
		if !ok {
			return urlRead{}, false
		}
		switch pysource.DottedName(inner.Func) {
		case "os.environ.get", "os.getenv", "config", "env", "env.str":
			return readArgs(inner, 0, 1)
		}
		return urlRead{}, false
	default:
		return urlRead{}, false
	}
	return readArgs(call, varArg, defArg)
}

// readArgs reads the variable name (argument varArg, or var= / env=) and
// the default (argument defArg or default=) of a URL read.
func readArgs(call *pysource.Call, varArg, defArg int) (urlRead, bool) {
	read := urlRead{Var: "DATABASE_URL"}
	if v, present, isStr := strArg(call, varArg, "var"); present {
		if !isStr {
			return urlRead{}, false
		}
		read.Var = v
	} else {
		if v, present, isStr := strArg(call, -1, "env"); present {
			if !isStr {
				return urlRead{}, false
			}
			read.Var = v
		}
	}
	if v, present, isStr := strArg(call, defArg, "default"); present {
		if !isStr {
			return urlRead{}, false
		}
		read.Default, read.HasDefault = v, true
	}
	return read, true
}

// databaseURL works out a DATABASE_URL-style default entry: its URL when
// known, and how it was found.
func (c *evalCtx) databaseURL(e pysource.Expr) (url string, known bool, how string) {
	if call, ok := e.(*pysource.Call); ok && strings.HasSuffix(pysource.DottedName(call.Func), "dj_database_url.parse") && len(call.Args) > 0 {
		if s, ok := call.Args[0].(*pysource.Str); ok {
			return s.Value, true, "a literal URL"
		}
	}
	read, ok := envURLRead(e)
	if !ok {
		return "", false, ""
	}
	if v, set := c.p.EnvValues[read.Var]; set && v != "" {
		return v, true, fmt.Sprintf("%s from the env file", read.Var)
	}
	switch {
	case read.HasDefault:
		return read.Default, true, fmt.Sprintf("the default of %s, used when that variable is not set", read.Var)
	case c.p.EnvValues == nil:
		return "", false, ""
	}
	return "", true, read.Var + " is not in the env file"
}

func isSQLite(engineOrURL string) bool {
	return strings.Contains(engineOrURL, "sqlite")
}

func checkDatabase(c *evalCtx, b *builder) Finding {
	s := c.get("DATABASES")
	if s == nil || s.Default {
		return b.skip("DATABASES is not set: the project uses no database.")
	}
	locs := c.where("DATABASES")
	def, ok := dictKey(s.Value, "default")
	var defExpr pysource.Expr
	if d, isDict := s.Expr.(*pysource.Dict); isDict {
		for i, k := range d.Keys {
			if ks, isStr := k.(*pysource.Str); isStr && ks.Value == "default" {
				defExpr = d.Values[i]
			}
		}
	}
	engine, how := "", ""
	switch {
	case ok && def.Kind == pysource.DictVal:
		if e, has := dictKey(def, "ENGINE"); has && e.Kind == pysource.StrVal {
			engine, how = e.Str, "ENGINE"
		}
	case ok && def.Kind == pysource.StrVal: // env.db(...) read as a URL
		engine, how = def.Str, "the database URL"
	case s.Value.Kind == pysource.DictVal && !ok:
		return b.skip("DATABASES has no \"default\" entry: the project uses no default database.")
	}
	if engine == "" && defExpr != nil {
		if url, known, h := c.databaseURL(defExpr); known {
			engine, how = url, h
			if url == "" {
				b.problem(Warn, h+" and the read has no default: Django starts without a database", "Set it in the production environment (the platform's database add-on usually does).", locs)
				return b.done("")
			}
		} else if read, isRead := envURLRead(defExpr); isRead {
			b.problem(Unknown, fmt.Sprintf("the database comes from the environment variable %s; its production value is unknown (pass --env-file to check it)", read.Var), "", locs)
			return b.done("")
		}
	}
	if engine == "" {
		b.unknown("DATABASES", "")
		return b.done("")
	}
	b.f.Locations = append(b.f.Locations, locs...) // the evidence, whatever the verdict
	if sure, maybe := c.ephemeralDisk(); s.Conditional && len(sure)+len(maybe) > 0 {
		// if "DATABASE_URL" in os.environ: ... else: SQLite — which one runs
		// depends on the production environment.
		var where []Location
		for _, h := range s.History {
			where = append(where, fromProject(h))
		}
		b.problem(Unknown, "DATABASES is chosen by a condition djharden cannot decide (an if on the environment, say): on this platform the database must not be SQLite, so check which branch production takes",
			"Make sure the production environment selects the platform's database (for example DATABASE_URL is set).", append(where, append(sure, maybe...)[0]))
		return b.done("")
	}
	if isSQLite(engine) {
		fix := "Use the platform's PostgreSQL: DATABASES = {\"default\": dj_database_url.config(conn_max_age=600)} (or env.db()) with DATABASE_URL set in production (Heroku Postgres and Render databases set it); or mount a volume for the SQLite file."
		sure, maybe := c.ephemeralDisk()
		switch {
		case len(sure) > 0:
			b.problem(Fail, fmt.Sprintf("the default database is SQLite (%s) and %s: this platform's disk is thrown away at each deploy, and the database with it", how, sure[0].File), fix, append(locs, sure[0]))
			return b.done("")
		case len(maybe) > 0:
			b.problem(Warn, fmt.Sprintf("the default database is SQLite (%s) and %s: this platform's disk is thrown away at each deploy unless a volume holds the file (set up in its dashboard, which djharden cannot see)", how, maybe[0].File), fix, append(locs, maybe[0]))
			return b.done("")
		}
		return b.done("The default database is SQLite on the server's own disk: fine for a small site on one server; back the file up.")
	}
	msg := "The default database is not SQLite (" + strings.SplitN(engine, "://", 2)[0] + ")."
	if age, set := dictKey(def, "CONN_MAX_AGE"); def.Kind == pysource.DictVal && (!set || age.Kind == pysource.IntVal && age.Int == 0) {
		msg += " CONN_MAX_AGE is 0, so every request opens a new connection; 60 or more keeps them open."
	}
	return b.done(msg)
}
