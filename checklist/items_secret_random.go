package checklist

import (
	"fmt"

	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/checklist/pysource"
)

// ephemeralKey warns about a key drawn at random when the settings load:
// every restart, and every worker process of a multi-process server, signs
// with a different key, so users are logged out, password-reset links and
// signed cookies stop working, and nobody is told why. It reports whether
// the key is such a value (then its strength is not in question).
func ephemeralKey(b *builder, s *project.Setting, locs []Location) bool {
	const effect = "every restart and every worker process then signs with a different key, so users are logged out and password-reset links break"
	switch {
	case s.Env != nil && s.Env.HasDefault:
		if fn := pysource.RandomCall(s.Env.Default); fn != "" {
			b.problem(Warn, fmt.Sprintf("SECRET_KEY falls back to a new random key (%s) when %s is missing: %s", fn, s.Env.Var, effect),
				fmt.Sprintf("Drop the default: os.Environ[%q] fails loudly when the variable is missing; set it on the server (djharden keygen makes one).", s.Env.Var), locs)
		}
		return false
	case s.Env == nil && s.Expr != nil:
		fn := pysource.RandomCall(s.Expr)
		if fn == "" {
			return false
		}
		when := "is"
		if s.Conditional {
			when = "can be"
		}
		b.problem(Warn, fmt.Sprintf("SECRET_KEY %s a new random key (%s) made each time the settings load: %s", when, fn, effect), keyFix, locs)
		return !s.Conditional
	}
	return false
}
