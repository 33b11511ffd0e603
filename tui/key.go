package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/checklist/pysource"
	"github.com/djharden/djharden/generator"
)

// keyScreen generates the new secret key and shows it masked; `r` reveals
// it. The key is never logged nor written anywhere but the env file.
type keyScreen struct {
	key    string
	reveal bool
	err    error
}

func (s *keyScreen) enter(a *app) tea.Cmd {
	s.reveal = false
	if s.key != "" { // coming back from the review keeps the same key
		return nil
	}
	s.key, s.err = a.eng.NewKey()
	if s.err == nil {
		a.answers.Key = s.key
	}
	return nil
}

func (s *keyScreen) update(a *app, msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	switch {
	case key.Matches(k, keys.Quit):
		return a.quitSafely()
	case key.Matches(k, keys.Reveal):
		s.reveal = !s.reveal
	case key.Matches(k, keys.Fallback) && oldKeyLiteral(a.p) != nil && supportsFallbacks(a.p):
		a.answers.RotateKey = !a.answers.RotateKey
	case key.Matches(k, keys.Back):
		return a.goBack()
	case key.Matches(k, keys.Accept) && s.err == nil:
		return a.goTo(a.forward())
	}
	return nil
}

// oldKeyLiteral returns the SECRET_KEY setting when it is written in the
// settings file itself (not read from the environment).
func oldKeyLiteral(p *project.Project) *project.Setting {
	st := p.Settings.Get("SECRET_KEY")
	if st == nil || st.Default || st.Env != nil || st.Value.Kind != pysource.StrVal || st.Value.Str == "" {
		return nil
	}
	return st
}

// supportsFallbacks: SECRET_KEY_FALLBACKS exists from Django 4.1.
func supportsFallbacks(p *project.Project) bool {
	v := p.Django
	return v.Known && (v.Major > 4 || v.Major == 4 && v.Minor >= 1)
}

func (s *keyScreen) view(a *app) string {
	th, w := a.th, a.contentWidth()
	var body []string
	if s.err != nil {
		body = append(body, th.Error.Render("Could not generate a key: "+s.err.Error()))
		return a.frame("The secret key", body, nil, helpLine(th, keys.Back, keys.Quit))
	}
	body = append(body, th.Strong.Render("A new secret key"))
	shown := generator.Mask(s.key)
	if s.reveal {
		shown = s.key
	}
	body = append(body, indentLines("  ", th.Code.Render(shown), w)...)
	envFile := orDefault(a.answers.EnvFile, ".env")
	body = append(body, "")
	body = append(body, wrap("It goes into "+envFile+" (readable only by you, git-ignored); the settings read it from the environment and refuse to start in production without it. "+
		"It signs sessions, password-reset links and messages: anyone who has it can forge them.", w)...)

	if old := oldKeyLiteral(a.p); old != nil {
		body = append(body, "", th.Strong.Render("The old key"))
		where := location(old.Where.File, old.Where.Line)
		text := where + " writes the key into the settings file. "
		if a.p.Git.KeyInHistory || a.p.Git.Tracked[old.Where.File] {
			text += "git has it"
			if a.p.Git.KeyHistoryNote != "" {
				text += " (" + a.p.Git.KeyHistoryNote + ")"
			}
			text += ", and history keeps it even after the line changes: treat it as leaked. "
		}
		text += "The new key replaces it; everyone gets logged out once."
		body = append(body, wrap(text, w)...)
		if supportsFallbacks(a.p) {
			box := "[ ]"
			if a.answers.RotateKey {
				box = "[x]"
			}
			body = append(body, "")
			body = append(body, wrap(box+" keep the old key in "+th.Setting.Render("SECRET_KEY_FALLBACKS")+" for a few weeks, so sessions stay valid while the new key takes over (f toggles; remove it afterwards)", w)...)
		}
	}
	reveal := keys.Reveal
	if s.reveal {
		reveal = withHelp(keys.Reveal, "r", "hide")
	}
	bindings := []key.Binding{withHelp(keys.Accept, "enter", "continue"), reveal}
	if oldKeyLiteral(a.p) != nil && supportsFallbacks(a.p) {
		bindings = append(bindings, keys.Fallback)
	}
	bindings = append(bindings, keys.Back, keys.Quit)
	return a.frame("The secret key", body, nil, helpLine(th, bindings...))
}
