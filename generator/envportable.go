package generator

import (
	"fmt"

	"github.com/djharden/djharden/envfile"
)

// makePortable rewrites the env file's lines the settings' library would
// not read (see envfile.Line.Unportable) in the form every reader takes,
// keeping their values, and says so. With plain os.environ and
// python-dotenv those lines are read as they are, and a shell's
// `source .env` needs their "export": they are left alone.
func (b *builder) makePortable(env *envfile.File) {
	if b.style != "environ" && b.style != "decouple" {
		return
	}
	rewritten, left := env.MakePortable()
	if len(rewritten) > 0 {
		b.plan.Notes = append(b.plan.Notes, fmt.Sprintf("%s: rewrote %s as NAME=value (values kept): %s did not read them", b.a.EnvFile, linesWord(rewritten), libraryName(b.style)))
	}
	if len(left) > 0 {
		b.plan.Notes = append(b.plan.Notes, fmt.Sprintf("%s: %s cannot be read by %s and its value cannot be rewritten safely: fix it by hand", b.a.EnvFile, linesWord(left), libraryName(b.style)))
	}
}

func libraryName(style string) string {
	if style == "environ" {
		return "django-environ"
	}
	return "python-decouple"
}

// linesWord renders "line 3" or "lines 1, 4".
func linesWord(n []int) string {
	s := "lines "
	if len(n) == 1 {
		s = "line "
	}
	for i, v := range n {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprint(v)
	}
	return s
}
