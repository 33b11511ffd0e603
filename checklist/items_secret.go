package checklist

import (
	"fmt"
	"strings"

	"github.com/djharden/djharden/checklist/pysource"
)

var secretKeyItem = &Item{
	ID:    "secret-key",
	Title: "SECRET_KEY is long, random and kept out of the code",
	Lesson: "Django signs sessions, password-reset links and messages with SECRET_KEY.\n" +
		"Anyone who knows it can forge them, so it must be long, random and secret.\n" +
		"A key that was ever committed stays in git history: generate a new one and read it from the environment.",
	Docs:      docs("secret-key"),
	DjangoIDs: []string{"security.W009", "security.W025", "security.E100"},
}

func init() { secretKeyItem.Check = settingsCheck(&secretKeyItem, checkSecretKey) }

const (
	secretKeyMinLength      = 50
	secretKeyMinUnique      = 5
	secretKeyInsecurePrefix = "django-insecure-"
)

// weakKey is Django's _check_secret_key, plus the reason for messages.
func weakKey(key string) (bool, string) {
	unique := map[rune]bool{}
	for _, r := range key {
		unique[r] = true
	}
	n := len([]rune(key))
	switch {
	case key == "":
		return true, "it is empty"
	case strings.HasPrefix(key, secretKeyInsecurePrefix):
		return true, "it starts with django-insecure-, the throwaway key startproject writes"
	case n < secretKeyMinLength:
		return true, fmt.Sprintf("it has %d characters, fewer than %d", n, secretKeyMinLength)
	case len(unique) < secretKeyMinUnique:
		return true, fmt.Sprintf("it has only %d distinct characters", len(unique))
	}
	return false, ""
}

const keyFix = "Generate a new key (djharden keygen), put it in the environment and read it with os.environ[\"DJANGO_SECRET_KEY\"]."

func checkSecretKey(c *evalCtx, b *builder) Finding {
	s := c.get("SECRET_KEY")
	locs := c.where("SECRET_KEY")
	v := c.value("SECRET_KEY")
	pass := "SECRET_KEY is strong and comes from the environment."
	switch {
	case s == nil || s.Default:
		b.django("security.W009", Fail, "SECRET_KEY is not set", keyFix, nil)
	case v.Kind == pysource.NoneVal:
		// os.environ.get("SECRET_KEY") or None: Django refuses an empty key
		// on first use, and its deploy check says W009.
		b.django("security.W009", Fail, "SECRET_KEY is None"+c.unlessSet("SECRET_KEY")+": Django refuses to use an empty key", keyFix, locs)
	case v.Kind != pysource.StrVal && v.Kind != pysource.Unknown:
		b.django("security.W009", Fail, "SECRET_KEY is not a string: Django's check cannot read it as a key", keyFix, locs)
	case v.Kind == pysource.StrVal:
		if weak, why := weakKey(v.Str); weak {
			b.django("security.W009", Fail, fmt.Sprintf("SECRET_KEY %s is weak: %s", MaskSecret(v.Str), why), keyFix, locs)
		}
	case v.Kind == pysource.Unknown && s.FailClosed && s.Env != nil && c.p.EnvFile == "" && c.p.EnvValues == nil:
		// The goal state: read from the environment, and the settings
		// refuse to start without it. Its strength needs --env-file.
		pass = fmt.Sprintf("SECRET_KEY comes from the environment variable %s, and the settings refuse to start without it (pass --env-file to check its strength).", s.Env.Var)
	case v.Kind == pysource.Unknown && s.FailClosed && s.Env != nil:
		b.problem(Unknown, fmt.Sprintf("%s is not in the env file: the settings refuse to start without it, so its strength cannot be checked", s.Env.Var),
			fmt.Sprintf("Add %s to the env file (make one with: djharden keygen).", s.Env.Var), locs)
	case v.Kind == pysource.Unknown:
		if !ephemeralKey(b, s, locs) {
			b.unknown("SECRET_KEY", "Pass --env-file with the production environment to check the key's strength.")
		}
	}
	if s != nil && !s.Default {
		keyHygiene(c, b, s.Env, v, locs)
		overriddenKeyProblems(c, b, s)
	}
	if c.v.AtLeast(4, 1) {
		checkFallbacks(c, b)
	}
	if c.v.AtLeast(3, 1) && !c.v.AtLeast(4, 0) {
		alg := c.value("DEFAULT_HASHING_ALGORITHM")
		switch {
		case alg.Kind == pysource.Unknown:
			b.unknown("DEFAULT_HASHING_ALGORITHM", "")
		case alg.Kind != pysource.StrVal || (alg.Str != "sha1" && alg.Str != "sha256"):
			b.django("security.E100", Warn, "DEFAULT_HASHING_ALGORITHM must be 'sha1' or 'sha256'", "Remove DEFAULT_HASHING_ALGORITHM (sha256 is the default) or set it to 'sha256'.", c.where("DEFAULT_HASHING_ALGORITHM"))
		}
	}
	return b.done(pass)
}

// keyHygiene flags a key written in the code: committed to git, an
// insecure literal fallback, or seen in git history.
func keyHygiene(c *evalCtx, b *builder, env *pysource.EnvRead, v pysource.Value, locs []Location) {
	file := ""
	if len(locs) > 0 {
		file = locs[0].File
	}
	tracked := c.p.Git.Available && c.p.Git.Tracked[file]
	switch {
	case env == nil && v.Kind == pysource.StrVal && v.Str != "":
		if tracked {
			b.problem(Fail, fmt.Sprintf("SECRET_KEY %s is written in %s, which git tracks: everyone with the repository has it", MaskSecret(v.Str), file), keyFix, locs)
		} else {
			b.problem(Warn, fmt.Sprintf("SECRET_KEY %s is written in the settings file; keep it in the environment instead", MaskSecret(v.Str)), keyFix, locs)
		}
	case env != nil && env.HasDefault:
		def := pysource.Literal(env.Default, nil)
		if def.Kind != pysource.StrVal || def.Str == "" {
			break
		}
		status := Warn
		weak, _ := weakKey(def.Str)
		if weak || tracked {
			status = Fail
		}
		b.problem(status, fmt.Sprintf("SECRET_KEY falls back to a literal key %s when %s is missing: production would quietly run with a key from the code", MaskSecret(def.Str), env.Var),
			fmt.Sprintf("Drop the default: os.environ[%q] fails loudly when the variable is missing.", env.Var), locs)
	}
	if c.p.Git.KeyInHistory {
		note := c.p.Git.KeyHistoryNote
		if note != "" {
			note = " (" + note + ")"
		}
		b.problem(Fail, "the secret key appears in git history"+note+": it must be rotated", "Generate a new key; add the old one to SECRET_KEY_FALLBACKS only until old sessions expire.", locs)
	}
}

// checkFallbacks is W025 (4.1+): every SECRET_KEY_FALLBACKS entry must pass W009's test.
func checkFallbacks(c *evalCtx, b *builder) {
	v := c.value("SECRET_KEY_FALLBACKS")
	if v.Kind == pysource.Unknown {
		b.unknown("SECRET_KEY_FALLBACKS", "")
		return
	}
	if !isSeq(v) {
		return
	}
	for i, it := range v.Items {
		if it.Kind == pysource.Unknown {
			b.unknown("SECRET_KEY_FALLBACKS", "")
			return
		}
		if it.Kind != pysource.StrVal {
			continue
		}
		if weak, why := weakKey(it.Str); weak {
			b.django("security.W025", Warn, fmt.Sprintf("SECRET_KEY_FALLBACKS[%d] %s is weak: %s", i, MaskSecret(it.Str), why), "Remove weak keys from SECRET_KEY_FALLBACKS.", c.where("SECRET_KEY_FALLBACKS"))
		}
	}
}
